"""Notebook regression: the optimizer (and its momentum) is rebuilt for every batch."""

import torch
from torch import nn

X = torch.randn(5000, 13)
y = X @ torch.randn(13, 1) + 0.5
model = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.MSELoss()

for epoch in range(50):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 100):
        idx = perm[i : i + 100]
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)  # expect: NN305
        optimizer.zero_grad()
        loss = criterion(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
