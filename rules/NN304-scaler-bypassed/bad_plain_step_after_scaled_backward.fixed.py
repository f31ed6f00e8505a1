"""Detector fine-tuning with AMP: the update bypasses the GradScaler."""

import torch
from torch.amp import GradScaler, autocast


def train(model, loader, epochs=12, device="cuda"):
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.SGD(params, lr=0.02, momentum=0.9, weight_decay=1e-4)
    scaler = GradScaler("cuda")
    model.train()
    for epoch in range(epochs):
        for images, targets in loader:
            images = [img.to(device) for img in images]
            with autocast("cuda"):
                loss_dict = model(images, targets)
                losses = sum(loss for loss in loss_dict.values())
            optimizer.zero_grad()
            scaler.scale(losses).backward()
            scaler.step(optimizer)  # expect: NN304
            scaler.update()
