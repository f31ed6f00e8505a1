"""Receivers that are not known tensors stay silent: unknown objects, numpy, user classes."""
import numpy as np
import torch


class Meter:
    def __init__(self):
        self.values = []

    def to(self, device):
        self.device = device

    def float(self):
        self.values = [float(v) for v in self.values]


def summarise(metrics, device, records):
    meter = Meter()
    meter.to(device)
    meter.float()
    metrics.to(device)
    array = np.arange(10)
    array.tolist()
    for record in records:
        record.cpu()
    tensor = torch.zeros(3)
    tensor = tensor.to(device)
    return meter, array, tensor.cpu().numpy()
