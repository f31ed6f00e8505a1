"""AMP on or off by a flag: each branch pairs its own backward and step."""

import torch
from torch import nn


def train_step(model, batch, optimizer, scaler=None):
    inputs, targets = batch
    optimizer.zero_grad(set_to_none=True)
    if scaler is not None:
        with torch.autocast("cuda"):
            loss = nn.functional.cross_entropy(model(inputs), targets)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss = nn.functional.cross_entropy(model(inputs), targets)
        loss.backward()
        optimizer.step()
    return loss.item()


def fit(model, loader, epochs, use_amp):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scaler = torch.amp.GradScaler("cuda") if use_amp else None
    model.train()
    for epoch in range(epochs):
        for batch in loader:
            train_step(model, batch, optimizer, scaler)
