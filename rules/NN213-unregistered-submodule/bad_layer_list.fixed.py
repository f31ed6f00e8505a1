"""A configurable MLP whose hidden layers live in a plain list."""
import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, in_dim, hidden_dims=(256, 128), num_classes=10, p=0.2):
        super().__init__()
        dims = [in_dim, *hidden_dims]
        self.hidden = nn.ModuleList([nn.Linear(a, b) for a, b in zip(dims, dims[1:])])  # expect: NN213
        self.dropout = nn.Dropout(p)
        self.head = nn.Linear(dims[-1], num_classes)

    def forward(self, x):
        for layer in self.hidden:
            x = self.dropout(torch.relu(layer(x)))
        return self.head(x)


class ResidualTower(nn.Module):
    def __init__(self, channels, depth):
        super().__init__()
        self.blocks = nn.ModuleList([])  # expect: NN213
        for _ in range(depth):
            self.blocks.append(
                nn.Sequential(
                    nn.Conv2d(channels, channels, 3, padding=1),
                    nn.BatchNorm2d(channels),
                    nn.ReLU(),
                )
            )

    def forward(self, x):
        for block in self.blocks:
            x = x + block(x)
        return x
