"""Mixed-precision ImageNet training: clipping sees gradients multiplied by the loss scale."""

import torch
from torch import nn
from torch.amp import GradScaler, autocast


def train_one_epoch(model, loader, optimizer, scaler, device, clip=1.0):
    model.train()
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    for images, targets in loader:
        images, targets = images.to(device, non_blocking=True), targets.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        with autocast("cuda"):
            loss = criterion(model(images), targets)
        scaler.scale(loss).backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)  # expect: NN303
        scaler.step(optimizer)
        scaler.update()


def main(model, loader, epochs=90):
    device = torch.device("cuda")
    model = model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scaler = GradScaler("cuda")
    for epoch in range(epochs):
        train_one_epoch(model, loader, optimizer, scaler, device)
