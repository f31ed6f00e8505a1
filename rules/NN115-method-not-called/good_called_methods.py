"""Ordinary training loop: every method is called."""

import torch
import torch.nn.functional as F
from torch import nn

model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 3))
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)
data = [(torch.randn(16, 20), torch.randint(0, 3, (16,))) for _ in range(10)]

for epoch in range(10):
    model.train()
    for x, y in data:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    scheduler.step()
    model.eval()
    with torch.no_grad():
        accuracy = sum((model(x).argmax(1) == y).float().mean().item() for x, y in data) / len(data)
    print(epoch, accuracy)
