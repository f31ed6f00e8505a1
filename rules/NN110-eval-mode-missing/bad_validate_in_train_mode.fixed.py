"""Training script whose validation helper forgets model.eval()."""
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def make_loaders():
    x, y = torch.randn(3000, 20), torch.randint(0, 2, (3000,))
    train = DataLoader(TensorDataset(x[:2500], y[:2500]), batch_size=50, shuffle=True)
    val = DataLoader(TensorDataset(x[2500:], y[2500:]), batch_size=100)
    return train, val


def train_epoch(model, loader, optimizer):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()


def validate(model, loader):
    correct = 0
    model.eval()
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()  # expect: NN110
    return correct / len(loader.dataset)


def main():
    train_loader, val_loader = make_loaders()
    model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 2))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(20):
        train_epoch(model, train_loader, optimizer)
        print(f"epoch {epoch}: val accuracy {validate(model, val_loader):.3f}")


if __name__ == "__main__":
    main()
