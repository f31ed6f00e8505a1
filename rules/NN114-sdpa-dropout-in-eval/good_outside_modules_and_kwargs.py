"""A benchmark function, forwarded keyword arguments, and a rate multiplied by the mode flag."""
import time

import torch
import torch.nn.functional as F
from torch import nn


def benchmark_sdpa(batch=8, heads=12, seq=1024, dim=64, dropout_p=0.1, repeats=20):
    """A timing script: no module, no eval mode to respect."""
    q = torch.randn(batch, heads, seq, dim)
    k, v = torch.randn_like(q), torch.randn_like(q)
    start = time.perf_counter()
    for _ in range(repeats):
        F.scaled_dot_product_attention(q, k, v, dropout_p=0.1)
        F.scaled_dot_product_attention(q, k, v, dropout_p=dropout_p)
    return (time.perf_counter() - start) / repeats


class KwargsAttention(nn.Module):
    def __init__(self, dim, **sdpa_kwargs):
        super().__init__()
        self.qkv = nn.Linear(dim, dim * 3)
        self.sdpa_kwargs = sdpa_kwargs

    def forward(self, x, **kwargs):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        return F.scaled_dot_product_attention(q, k, v, **kwargs)


class FlagAttention(nn.Module):
    def __init__(self, dim, p=0.1):
        super().__init__()
        self.qkv = nn.Linear(dim, dim * 3)
        self.p = p

    def forward(self, x):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        return F.scaled_dot_product_attention(q, k, v, dropout_p=self.p * self.training)
