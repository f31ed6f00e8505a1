"""Inputs of any type are converted and moved; the moves are kept, and the calls that are
not tensor moves (a module's in-place .to(), a custom batch's .to()) stay silent."""
import numpy as np
import torch


class Batch:
    def __init__(self, images, labels):
        self.images, self.labels = images, labels

    def to(self, device):
        self.images = self.images.to(device)
        self.labels = self.labels.to(device)
        return self


def as_device_tensor(value, device):
    if torch.is_tensor(value):
        value = value.to(device)
    elif isinstance(value, np.ndarray):
        value = torch.from_numpy(value).to(device)
    else:
        value = torch.as_tensor(value, device=device)
    return value


def prepare(batch, model, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if not torch.is_tensor(batch):
        batch.to(device)  # a Batch moves its own fields in place
    model.to(device)  # modules move in place
    return batch
