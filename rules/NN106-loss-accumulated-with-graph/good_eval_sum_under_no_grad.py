"""Validation sums loss tensors, but under torch.no_grad() there is no graph to keep."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(12, 48), nn.ReLU(), nn.Dropout(0.2), nn.Linear(48, 3))
optimizer = torch.optim.Adam(model.parameters())
criterion = nn.CrossEntropyLoss()
train_batches = [(torch.randn(32, 12), torch.randint(0, 3, (32,))) for _ in range(60)]
val_batches = [(torch.randn(32, 12), torch.randint(0, 3, (32,))) for _ in range(10)]

for epoch in range(10):
    model.train()
    for x, y in train_batches:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = 0
        for vx, vy in val_batches:
            val_loss += criterion(model(vx), vy)
    print(f"epoch {epoch}: val loss {val_loss.item() / len(val_batches):.3f}")
