"""Resuming: the scheduler is fast-forwarded with an explicit epoch; ReduceLROnPlateau after validation."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
step_decay = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60], gamma=0.1)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", patience=3)
checkpoint = torch.load("last.pt", weights_only=True)
model.load_state_dict(checkpoint["model"])
start_epoch = checkpoint["epoch"] + 1
step_decay.step(start_epoch)
train_batches = [(torch.randn(32, 16), torch.randn(32, 1)) for _ in range(50)]
val_batches = [(torch.randn(32, 16), torch.randn(32, 1)) for _ in range(10)]

for epoch in range(start_epoch, 90):
    plateau_metric = 0.0
    model.train()
    for x, y in train_batches:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        for x, y in val_batches:
            plateau_metric += nn.functional.mse_loss(model(x), y).item()
    plateau.step(plateau_metric)
    step_decay.step()
