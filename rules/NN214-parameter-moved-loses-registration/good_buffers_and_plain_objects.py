"""Buffers and plain tensors may be moved freely; only registered Parameters lose their type."""
import torch
from torch import nn


class Normalizer(nn.Module):
    def __init__(self, mean, std, device="cuda"):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, -1, 1, 1).to(device))
        self.register_buffer("std", torch.tensor(std).view(1, -1, 1, 1).to(device))
        self.mask = torch.ones(1).cuda()

    def forward(self, x):
        return (x - self.mean) / self.std * self.mask


class ParameterStore:
    """Not an nn.Module: a plain holder for a from-scratch optimiser demo."""

    def __init__(self, n):
        self.w = nn.Parameter(torch.randn(n)).cuda()

    def loss(self, x):
        return ((x @ self.w) ** 2).mean()
