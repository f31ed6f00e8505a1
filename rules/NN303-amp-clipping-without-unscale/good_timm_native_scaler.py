"""timm's NativeScaler unscales internally before it clips."""

import torch
from timm.utils import NativeScaler


def train_one_epoch(model, loader, optimizer, loss_fn, clip_grad=1.0):
    loss_scaler = NativeScaler()
    model.train()
    for x, y in loader:
        with torch.autocast("cuda"):
            loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss_scaler(loss, optimizer, clip_grad=clip_grad, parameters=model.parameters())
