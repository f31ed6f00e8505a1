"""Logits into BCEWithLogitsLoss; sigmoid only for metrics and predictions."""
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def train_step(x, y):
    model.train()
    optimizer.zero_grad()
    logits = model(x).squeeze(1)
    loss = criterion(logits, y)
    loss.backward()
    optimizer.step()
    probs = torch.sigmoid(logits.detach())
    accuracy = ((probs > 0.5).float() == y).float().mean()
    return loss.item(), accuracy.item()


@torch.no_grad()
def predict(x):
    model.eval()
    return torch.sigmoid(model(x))
