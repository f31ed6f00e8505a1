"""The stable form: logits into BCEWithLogitsLoss."""
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(18, 32), nn.ReLU(), nn.Linear(32, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def step(xb, yb):
    optimizer.zero_grad()
    loss = criterion(model(xb).squeeze(-1), yb)
    loss.backward()
    optimizer.step()
    return loss.item()
