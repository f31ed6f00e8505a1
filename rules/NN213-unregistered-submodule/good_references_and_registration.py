"""Lists that only reference registered modules, or that are registered by hand."""
import torch
from torch import nn


class UNetDown(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.skips = [self.conv1, self.conv2]
        self.by_name = {"first": self.conv1, "second": self.conv2}

    def forward(self, x):
        outs = []
        for conv in self.skips:
            x = torch.relu(conv(x))
            outs.append(x)
        return x, outs


class PredictionBlock(nn.Module):
    """Maskformer keeps the list for indexing and registers each entry itself."""

    def __init__(self, in_dim, out_dim, activation):
        super().__init__()
        self.layers = [nn.Linear(in_dim, out_dim), activation]
        for i, layer in enumerate(self.layers):
            self.add_module(str(i), layer)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class EMAHolder(nn.Module):
    """A teacher kept in a list on purpose so that it is not a sub-module (not saved twice)."""

    def __init__(self, student, teacher):
        super().__init__()
        self.student = student
        self._teacher = [teacher]

    def forward(self, x):
        return self.student(x), self._teacher[0](x).detach()
