"""Autoencoder loop where the update was pasted above the forward pass."""
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

transform = transforms.ToTensor()
train_set = datasets.FashionMNIST("data", train=True, download=True, transform=transform)
train_loader = DataLoader(train_set, batch_size=256, shuffle=True)

autoencoder = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 128),
    nn.ReLU(),
    nn.Linear(128, 32),
    nn.ReLU(),
    nn.Linear(32, 128),
    nn.ReLU(),
    nn.Linear(128, 784),
)
optimizer = torch.optim.Adam(autoencoder.parameters(), lr=1e-3)
criterion = nn.MSELoss()

for epoch in range(15):
    autoencoder.train()
    epoch_loss = 0.0
    for images, _ in train_loader:
        optimizer.zero_grad()
        optimizer.step()  # expect: NN104
        reconstruction = autoencoder(images)
        loss = criterion(reconstruction, images.view(images.size(0), -1))
        loss.backward()
        epoch_loss += loss.item()
    print(f"epoch {epoch}: reconstruction loss {epoch_loss / len(train_loader):.4f}")
