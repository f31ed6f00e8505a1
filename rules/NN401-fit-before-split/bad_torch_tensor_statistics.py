"""PyTorch MLP on a CSV: the tensor is standardised with statistics of all rows, then split."""
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

frame = pd.read_csv("sensor_readings.csv")
features = torch.tensor(frame.drop(columns=["label"]).values, dtype=torch.float32)
labels = torch.tensor(frame["label"].values, dtype=torch.long)

mean = features.mean(dim=0)  # expect: NN401
std = features.std(dim=0)  # expect: NN401
features = (features - mean) / (std + 1e-8)

dataset = TensorDataset(features, labels)
train_set, test_set = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_set, batch_size=128, shuffle=True)
test_loader = DataLoader(test_set, batch_size=512)

model = nn.Sequential(nn.Linear(features.shape[1], 128), nn.ReLU(), nn.Linear(128, 4))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

for epoch in range(20):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()

model.eval()
correct = 0
with torch.no_grad():
    for x, y in test_loader:
        correct += (model(x).argmax(dim=1) == y).sum().item()
print("test accuracy", correct / len(test_set))
