"""The usual order: backward, clip, step."""

import torch
from torch import nn

model = nn.LSTM(32, 64)
head = nn.Linear(64, 1)
params = [*model.parameters(), *head.parameters()]
opt = torch.optim.SGD(params, lr=0.5)
for step in range(100):
    x, y = torch.randn(20, 8, 32), torch.randn(8, 1)
    out, _ = model(x)
    loss = nn.functional.mse_loss(head(out[-1]), y)
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 0.25)
    opt.step()
