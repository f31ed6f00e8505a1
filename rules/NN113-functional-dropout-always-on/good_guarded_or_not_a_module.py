"""Dropout applied only while training, with p=0, or outside any nn.Module."""
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


class Encoder(nn.Module):
    def __init__(self, dim, p=0.1):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.p = p

    def forward(self, x):
        if self.training:
            x = F.dropout(x, self.p)
        x = F.dropout(x, p=0.0)
        y = F.gelu(self.proj(x))
        return F.dropout(y, 0.1) if self.training else y


class Decoder(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.out = nn.Linear(dim, dim)

    def forward(self, x):
        if not self.training:
            return self.out(x)
        return self.out(F.dropout(x, 0.2))


class NumpyDropoutLayer:
    """A from-scratch layer: not an nn.Module, and its forward has nothing to do with torch."""

    def __init__(self, p):
        self.p = p

    def forward(self, x):
        mask = np.random.rand(*x.shape) > self.p
        return x * mask / (1 - self.p)


class DropoutFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return F.dropout(x, 0.5)

    @staticmethod
    def backward(ctx, grad):
        return grad
