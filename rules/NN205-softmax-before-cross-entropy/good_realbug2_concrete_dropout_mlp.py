"""MNIST MLP with learnt (concrete) dropout rates: each layer is applied through a dropout wrapper."""
import torch
import torch.nn.functional as F
from torch import nn


class LearntDropout(nn.Module):
    """Drops the input of `layer` with a rate that is itself a parameter."""

    def __init__(self, init_rate: float = 0.1):
        super().__init__()
        self.logit_p = nn.Parameter(torch.logit(torch.tensor(init_rate)))

    def forward(self, x, layer):
        p = torch.sigmoid(self.logit_p)
        if self.training:
            keep = torch.bernoulli(torch.full_like(x, 1.0) - p)
            x = x * keep / (1.0 - p)
        return layer(x)


class ConcreteMLP(nn.Module):
    def __init__(self, n_hidden: int = 512):
        super().__init__()
        self.fc1 = nn.Linear(784, n_hidden)
        self.fc2 = nn.Linear(n_hidden, n_hidden)
        self.fc3 = nn.Linear(n_hidden, 10)
        self.drop1, self.drop2, self.drop3 = LearntDropout(), LearntDropout(), LearntDropout()
        self.relu = nn.ReLU()

    def forward(self, x):
        x = x.view(-1, 784)
        x = self.drop1(x, nn.Sequential(self.fc1, self.relu))
        x = self.drop2(x, nn.Sequential(self.fc2, self.relu))
        return self.drop3(x, self.fc3)


def train_epoch(model, loader, optimizer):
    model.train()
    total = 0.0
    for images, labels in loader:
        optimizer.zero_grad()
        outputs = model(images)
        loss = F.cross_entropy(outputs, labels)
        loss.backward()
        optimizer.step()
        total += loss.item() * images.size(0)
    return total / sum(len(labels) for _, labels in loader)


if __name__ == "__main__":
    net = ConcreteMLP()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    batches = [(torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,))) for _ in range(20)]
    for epoch in range(3):
        print(epoch, train_epoch(net, batches, opt))
