"""The registered containers, and lists converted to them before use."""
import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(dims, dims[1:])])
        self.heads = nn.ModuleDict({"cls": nn.Linear(dims[-1], 10), "reg": nn.Linear(dims[-1], 1)})
        blocks = []
        for a, b in zip(dims, dims[1:]):
            blocks.append(nn.Linear(a, b))
            blocks.append(nn.ReLU())
        self.body = nn.Sequential(*blocks)
        self.stages = [nn.Linear(dims[0], dims[0]) for _ in range(2)]
        self.stages = nn.ModuleList(self.stages)

    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        for stage in self.stages:
            x = stage(x)
        return {name: head(x) for name, head in self.heads.items()}


class Encoder(nn.Module):
    def __init__(self, dim):
        super().__init__()
        layers = [nn.Linear(dim, dim), nn.GELU(), nn.Linear(dim, dim)]
        self.layers = layers
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)
