"""Epoch-based schedules stepped once per epoch: StepLR, and a OneCycleLR sized in epochs."""

import torch
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
step_lr = torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)
num_epochs = 90
batches = [(torch.randn(8, 3, 32, 32), torch.randint(0, 10, (8,))) for _ in range(20)]

for epoch in range(num_epochs):
    model.train()
    for x, y in batches:
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    step_lr.step()

head = nn.Linear(10, 2)
head_opt = torch.optim.Adam(head.parameters(), lr=1e-3)
per_epoch = torch.optim.lr_scheduler.OneCycleLR(head_opt, max_lr=1e-2, total_steps=num_epochs)
for epoch in range(num_epochs):
    for x, y in batches:
        head_opt.zero_grad()
        nn.functional.cross_entropy(head(model(x).detach()), y % 2).backward()
        head_opt.step()
    per_epoch.step()
