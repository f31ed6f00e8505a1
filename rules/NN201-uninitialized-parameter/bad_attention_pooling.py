"""Attention pooling and a learned temperature, allocated with torch.empty and never filled."""
import torch
from torch import nn


class AttentionPool(nn.Module):
    def __init__(self, dim: int, num_queries: int = 1):
        super().__init__()
        self.queries = nn.Parameter(torch.empty(num_queries, dim))  # expect: NN201
        self.key = nn.Linear(dim, dim)
        self.value = nn.Linear(dim, dim)
        self.scale = dim ** -0.5

    def forward(self, tokens):
        keys = self.key(tokens)
        scores = torch.einsum("qd,bnd->bqn", self.queries, keys) * self.scale
        weights = scores.softmax(dim=-1)
        return torch.einsum("bqn,bnd->bqd", weights, self.value(tokens))


class ContrastiveHead(nn.Module):
    def __init__(self, in_dim, proj_dim=128):
        super().__init__()
        self.proj = nn.Sequential(nn.Linear(in_dim, in_dim), nn.ReLU(), nn.Linear(in_dim, proj_dim))
        self.log_temperature = nn.Parameter(torch.Tensor(1))  # expect: NN201

    def forward(self, a, b):
        a = nn.functional.normalize(self.proj(a), dim=-1)
        b = nn.functional.normalize(self.proj(b), dim=-1)
        return a @ b.t() / self.log_temperature.exp()
