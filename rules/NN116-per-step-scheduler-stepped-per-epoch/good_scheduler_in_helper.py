"""The per-step schedule is stepped inside the helper that runs the batches."""

import torch
from torch.optim.lr_scheduler import CyclicLR


def train_epoch(model, loader, optimizer, scheduler, loss_fn):
    model.train()
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        scheduler.step()


def fit(model, loader, epochs=20):
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    scheduler = CyclicLR(optimizer, base_lr=1e-4, max_lr=1e-2, step_size_up=4 * len(loader))
    loss_fn = torch.nn.CrossEntropyLoss()
    for epoch in range(epochs):
        train_epoch(model, loader, optimizer, scheduler, loss_fn)
