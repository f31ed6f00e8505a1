"""A learning-rate sweep: each trial gets a fresh model, so a fresh optimizer is right."""

import torch
from torch import nn

data = [(torch.randn(32, 10), torch.randn(32, 1)) for _ in range(50)]
results = {}
for lr in (1e-1, 1e-2, 1e-3):
    net = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    for epoch in range(20):
        for x, y in data:
            opt.zero_grad()
            loss = nn.functional.mse_loss(net(x), y)
            loss.backward()
            opt.step()
    results[lr] = loss.item()
