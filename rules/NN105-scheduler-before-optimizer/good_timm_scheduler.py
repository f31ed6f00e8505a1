"""timm schedulers take the epoch or the update count: step(epoch) and step_update(n)."""
import torch
from timm.scheduler import CosineLRScheduler
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)
num_epochs, updates_per_epoch = 50, 100
lr_scheduler = CosineLRScheduler(optimizer, t_initial=num_epochs, warmup_t=5, warmup_lr_init=1e-6)
batches = [(torch.randn(8, 3, 32, 32), torch.randint(0, 10, (8,))) for _ in range(updates_per_epoch)]

num_updates = 0
for epoch in range(num_epochs):
    lr_scheduler.step(epoch)
    model.train()
    for images, targets in batches:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(images), targets).backward()
        optimizer.step()
        num_updates += 1
        lr_scheduler.step_update(num_updates=num_updates)
