"""The documented AMP loop."""

import torch
from torch import nn

model = nn.Linear(256, 10)
opt = torch.optim.SGD(model.parameters(), lr=0.01)
scaler = torch.amp.GradScaler("cuda")
for i in range(100):
    x, y = torch.randn(32, 256), torch.randint(0, 10, (32,))
    with torch.autocast("cuda"):
        loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    scaler.scale(loss).backward()
    scaler.step(opt)
    scaler.update()
