"""Quick-start example: train a classifier on tabular features and report accuracy."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

features, targets = torch.randn(4000, 20), torch.randint(0, 4, (4000,))
train_loader = DataLoader(TensorDataset(features[:3200], targets[:3200]), batch_size=64, shuffle=True)
valid_loader = DataLoader(TensorDataset(features[3200:], targets[3200:]), batch_size=256)

model = nn.Sequential(nn.Linear(20, 128), nn.ReLU(), nn.Linear(128, 4))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(8):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        logits = model.forward(x)  # expect: NN601
        loss = criterion(logits, y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        correct = sum((model.forward(x).argmax(1) == y).sum().item() for x, y in valid_loader)  # expect: NN601
    print(f"epoch {epoch}: accuracy {correct / 800:.3f}")
