"""Fashion-MNIST classifier: the ReLU between the two hidden layers was forgotten."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

device = "cuda" if torch.cuda.is_available() else "cpu"
train_data = datasets.FashionMNIST("data", train=True, download=True, transform=transforms.ToTensor())
train_loader = DataLoader(train_data, batch_size=128, shuffle=True)

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 512),
    nn.ReLU(),
    nn.Linear(512, 512),
    nn.Dropout(0.2),
    nn.Linear(512, 10),  # expect: NN204
).to(device)

features = nn.Sequential(
    nn.Conv2d(1, 32, kernel_size=3, padding=1),
    nn.Conv2d(32, 64, kernel_size=3, padding=1),  # expect: NN204
    nn.ReLU(),
    nn.MaxPool2d(2),
)

optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(5):
    model.train()
    for X, y in train_loader:
        X, y = X.to(device), y.to(device)
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
