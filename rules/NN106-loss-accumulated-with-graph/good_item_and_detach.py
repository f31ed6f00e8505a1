"""The usual correct spellings: .item(), .detach(), float(), and a torchmetrics-style update."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.MSELoss()
batches = [(torch.randn(16, 8), torch.randn(16, 1)) for _ in range(100)]

for epoch in range(5):
    total, detached_total, as_float = 0.0, torch.zeros(()), 0.0
    history = []
    for x, y in batches:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * x.size(0)
        detached_total += loss.detach()
        as_float += float(loss)
        history.append(loss.detach().cpu())
    print(epoch, total / (16 * len(batches)), detached_total.item(), as_float, len(history))
