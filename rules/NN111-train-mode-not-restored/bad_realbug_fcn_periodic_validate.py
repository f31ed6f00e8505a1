"""Train a small segmentation net, validating every `interval` iterations inside the epoch."""
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def make_model(n_class: int = 21):
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
        nn.Dropout2d(0.2),
        nn.Conv2d(32, n_class, 1),
    )


def validate(model, loader):
    model.eval()  # expect: NN111
    total, correct = 0, 0
    with torch.no_grad():
        for img, lbl in loader:
            pred = model(img).argmax(1)
            correct += (pred == lbl).sum().item()
            total += lbl.numel()
    return correct / total


def train_epoch(model, optimizer, train_loader, val_loader, interval=50):
    model.train()
    for it, (img, lbl) in enumerate(train_loader):
        if it % interval == 0:
            print(f"iter {it}: pixel acc {validate(model, val_loader):.3f}")
        optimizer.zero_grad()
        loss = F.cross_entropy(model(img), lbl)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    imgs, lbls = torch.randn(400, 3, 32, 32), torch.randint(0, 21, (400, 32, 32))
    train_loader = DataLoader(TensorDataset(imgs[:300], lbls[:300]), batch_size=4, shuffle=True)
    val_loader = DataLoader(TensorDataset(imgs[300:], lbls[300:]), batch_size=8)
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.99)
    for epoch in range(5):
        train_epoch(model, optimizer, train_loader, val_loader)
