"""Measuring the gradient norm for logging with max_norm=inf after the step changes nothing
and is not meant to."""

import math

import torch
from torch import nn

model = nn.Linear(16, 1)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
history = []
for step in range(200):
    x, y = torch.randn(32, 16), torch.randn(32, 1)
    loss = nn.functional.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=math.inf)
    history.append(grad_norm.item())
