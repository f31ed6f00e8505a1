import torch.nn as nn

from .base import BaseModel

__all__ = ["SmallResNet", "PlainMLP"]


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.bn = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(x + self.bn(self.conv(x)))


class SmallResNet(BaseModel):
    def __init__(self, num_classes=10, width=32, depth=3):
        super().__init__()
        self.stem = nn.Conv2d(3, width, 3, padding=1)
        self.blocks = nn.Sequential(*[Block(width) for _ in range(depth)])
        self.head = nn.Linear(width, num_classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.head(x.mean(dim=(2, 3)))


class PlainMLP(BaseModel):
    """No dropout, no batch norm: eval() changes nothing for it."""

    def __init__(self, features=784, classes=10):
        super().__init__()
        self.fc1 = nn.Linear(features, 256)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(256, classes)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x.flatten(1))))
