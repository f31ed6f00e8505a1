"""Per-batch one-cycle schedule, stepped before the optimizer inside the batch loop."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

epochs = 8
dataset = TensorDataset(torch.randn(6400, 40), torch.randint(0, 5, (6400,)))
loader = DataLoader(dataset, batch_size=64, shuffle=True)
model = nn.Sequential(nn.Linear(40, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Linear(128, 5))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, steps_per_epoch=len(loader), epochs=epochs)
criterion = nn.CrossEntropyLoss()

for epoch in range(epochs):
    model.train()
    total = 0.0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        scheduler.step()  # expect: NN105
        total += loss.item()
    print(f"epoch {epoch}: {total / len(loader):.4f}")
