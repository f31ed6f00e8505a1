"""Prototype network trained in phases: warm-up, then joint training with a step LR schedule per epoch."""
import torch
from torch import nn


def train_epoch(model, loader, optimizer, criterion):
    model.train()
    total = 0.0
    for images, labels in loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)


def test_epoch(model, loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(1) == labels).sum().item()
    return correct / sum(len(labels) for _, labels in loader)


def run(model, train_loader, test_loader, num_epochs: int = 30, num_warm_epochs: int = 5):
    criterion = nn.CrossEntropyLoss()
    warm_optimizer = torch.optim.Adam(model[-1].parameters(), lr=3e-3)
    joint_optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    joint_lr_scheduler = torch.optim.lr_scheduler.StepLR(joint_optimizer, step_size=5, gamma=0.1)
    for epoch in range(num_epochs):
        if epoch < num_warm_epochs:
            loss = train_epoch(model, train_loader, warm_optimizer, criterion)
        else:
            joint_lr_scheduler.step()  # expect: NN105
            loss = train_epoch(model, train_loader, joint_optimizer, criterion)
        acc = test_epoch(model, test_loader)
        print(f"epoch {epoch}: loss {loss:.4f} test acc {acc:.3f}")


if __name__ == "__main__":
    net = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 32 * 32, 200))
    train_data = [(torch.randn(16, 3, 32, 32), torch.randint(0, 200, (16,))) for _ in range(10)]
    test_data = [(torch.randn(16, 3, 32, 32), torch.randint(0, 200, (16,))) for _ in range(3)]
    run(net, train_data, test_data)
