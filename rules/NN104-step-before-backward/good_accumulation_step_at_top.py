"""Accumulation written with the (conditional) step at the top of the next iteration."""
import torch
from torch import nn

accumulate = 8
model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
criterion = nn.CrossEntropyLoss()
batches = [(torch.randn(4, 64), torch.randint(0, 10, (4,))) for _ in range(400)]

model.train()
optimizer.zero_grad()
for i, (x, y) in enumerate(batches):
    if i and i % accumulate == 0:
        optimizer.step()
        optimizer.zero_grad()
    loss = criterion(model(x), y) / accumulate
    loss.backward()
optimizer.step()
optimizer.zero_grad()
