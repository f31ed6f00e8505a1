"""Validation helpers that restore the previous mode, and a validation after the last epoch."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(6, 24), nn.ReLU(), nn.Dropout(0.2), nn.Linear(24, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
batches = [(torch.randn(16, 6), torch.randn(16, 1)) for _ in range(30)]


def quick_check(net, data):
    was_training = net.training
    net.eval()
    with torch.no_grad():
        error = sum(nn.functional.l1_loss(net(x), y).item() for x, y in data)
    net.train(was_training)
    return error


model.train()
for epoch in range(10):
    for x, y in batches:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    print(epoch, quick_check(model, batches[:5]))

model.eval()
with torch.no_grad():
    print("final", sum(nn.functional.mse_loss(model(x), y).item() for x, y in batches))
