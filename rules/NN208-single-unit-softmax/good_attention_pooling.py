"""Attention pooling: one score per time step, softmax over the sequence axis."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AttentionPool(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.score = nn.Linear(dim, 1)

    def forward(self, h):
        weights = F.softmax(self.score(h), dim=1)
        return (weights * h).sum(dim=1)


class AdditiveAttention(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, 1, bias=False)

    def forward(self, h, mask):
        scores = self.v(torch.tanh(self.proj(h))).squeeze(-1)
        scores = scores.masked_fill(~mask, float("-inf"))
        return torch.softmax(scores, dim=-1)


mil_pool = nn.Sequential(nn.Linear(512, 128), nn.Tanh(), nn.Linear(128, 1), nn.Softmax(dim=0))
