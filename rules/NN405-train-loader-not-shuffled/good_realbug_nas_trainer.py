"""Single-path one-shot NAS trainer: sample a path per batch and train the supernet weights."""
import random

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class SuperNet(nn.Module):
    def __init__(self, choices=(3, 5, 7), width=32, n_classes=10):
        super().__init__()
        self.stem = nn.Conv2d(3, width, 3, padding=1)
        self.ops = nn.ModuleList([nn.Conv2d(width, width, k, padding=k // 2) for k in choices])
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, n_classes))

    def forward(self, x, path):
        return self.head(torch.relu(self.ops[path](torch.relu(self.stem(x)))))


class SinglePathTrainer:
    def __init__(self, model, train_dataset, valid_dataset, batch_size=64, workers=2, num_epochs=5):
        self.model = model
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        self.loss = nn.CrossEntropyLoss()
        self.num_epochs = num_epochs
        self.train_loader = DataLoader(train_dataset, batch_size=batch_size, num_workers=workers, shuffle=True)
        self.valid_loader = DataLoader(valid_dataset, batch_size=batch_size, num_workers=workers)

    def train_one_epoch(self):
        self.model.train()
        for x, y in self.train_loader:
            path = random.randrange(len(self.model.ops))
            self.optimizer.zero_grad()
            self.loss(self.model(x, path), y).backward()
            self.optimizer.step()

    def validate_one_epoch(self):
        self.model.eval()
        with torch.no_grad():
            correct = sum((self.model(x, 0).argmax(1) == y).sum().item() for x, y in self.valid_loader)
        return correct / len(self.valid_loader.dataset)

    def train(self):
        for epoch in range(self.num_epochs):
            self.train_one_epoch()
            print(epoch, self.validate_one_epoch())


if __name__ == "__main__":
    x, y = torch.randn(600, 3, 16, 16), torch.randint(0, 10, (600,))
    SinglePathTrainer(SuperNet(), TensorDataset(x[:500], y[:500]), TensorDataset(x[500:], y[500:])).train()
