"""The standard shape: train() at the top of each epoch, eval() before validation."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
train_batches = [(torch.randn(32, 10), torch.randn(32, 1)) for _ in range(50)]
val_batches = [(torch.randn(32, 10), torch.randn(32, 1)) for _ in range(10)]


def train_one_epoch():
    model.train()
    for x, y in train_batches:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()


for epoch in range(25):
    train_one_epoch()
    model.eval()
    with torch.no_grad():
        val = sum(nn.functional.mse_loss(model(x), y).item() for x, y in val_batches)
    print(epoch, val / len(val_batches))
