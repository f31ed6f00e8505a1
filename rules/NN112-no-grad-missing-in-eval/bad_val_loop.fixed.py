"""Validation inside the epoch loop: eval() is there, torch.no_grad() is not."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

features, targets = torch.randn(10000, 64), torch.randint(0, 10, (10000,))
train_loader = DataLoader(TensorDataset(features[:9000], targets[:9000]), batch_size=100, shuffle=True)
valid_loader = DataLoader(TensorDataset(features[9000:], targets[9000:]), batch_size=500)

model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

for epoch in range(30):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()

    model.eval()
    val_loss, correct = 0.0, 0
    with torch.no_grad():
        for x, y in valid_loader:  # expect: NN112
            logits = model(x)
            val_loss += criterion(logits, y).item() * x.size(0)
            correct += (logits.argmax(dim=1) == y).sum().item()
    print(f"epoch {epoch}: val loss {val_loss / 1000:.4f}, accuracy {correct / 1000:.3f}")
