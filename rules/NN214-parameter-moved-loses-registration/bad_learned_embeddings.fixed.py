"""Learned positional embeddings and a gate, moved or cast after wrapping."""
import torch
from torch import nn


class PositionalEncoder(nn.Module):
    def __init__(self, max_len, dim, device="cuda"):
        super().__init__()
        self.pos = nn.Parameter((torch.randn(1, max_len, dim) * 0.02).to(device))  # expect: NN214
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        return self.proj(x + self.pos[:, : x.size(1)])


class GatedResidual(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.block = nn.Sequential(nn.Linear(dim, dim), nn.GELU(), nn.Linear(dim, dim))
        self.gate = nn.Parameter(torch.zeros(dim).double())  # expect: NN214
        self.alpha = torch.nn.Parameter(torch.tensor(0.1).half()).requires_grad_()  # expect: NN214

    def forward(self, x):
        return x + torch.tanh(self.gate.float()) * self.alpha.float() * self.block(x)
