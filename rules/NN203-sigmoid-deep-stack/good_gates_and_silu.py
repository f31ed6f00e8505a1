"""Gates are not deep sigmoid stacks: GRU-style cell, GLU feed-forward, SiLU."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class GatedCell(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.update = nn.Linear(2 * dim, dim)
        self.reset = nn.Linear(2 * dim, dim)
        self.candidate = nn.Linear(2 * dim, dim)

    def forward(self, x, h):
        xh = torch.cat([x, h], dim=-1)
        z = torch.sigmoid(self.update(xh))
        r = torch.sigmoid(self.reset(xh))
        n = torch.tanh(self.candidate(torch.cat([x, r * h], dim=-1)))
        return (1 - z) * n + z * h


class GluFeedForward(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.gate = nn.Linear(dim, hidden)
        self.value = nn.Linear(dim, hidden)
        self.proj = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.proj(torch.sigmoid(self.gate(x)) * self.value(x))


class SiluMLP(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.fc1 = nn.Linear(dim, dim)
        self.fc2 = nn.Linear(dim, dim)
        self.fc3 = nn.Linear(dim, dim)
        self.out = nn.Linear(dim, 1)

    def forward(self, x):
        x = self.fc1(x)
        x = x * torch.sigmoid(x)
        x = F.silu(self.fc2(x))
        x = F.silu(self.fc3(x))
        return torch.sigmoid(self.out(x))
