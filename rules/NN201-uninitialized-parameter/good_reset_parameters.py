"""The same layers, initialised in reset_parameters() with in-place methods and nn.init."""
import math

import torch
import torch.nn as nn
from torch.nn.parameter import Parameter


class GraphConvolution(nn.Module):
    def __init__(self, in_features, out_features, bias=True):
        super().__init__()
        self.weight = Parameter(torch.FloatTensor(in_features, out_features))
        self.bias = Parameter(torch.FloatTensor(out_features)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.weight.size(1))
        self.weight.data.uniform_(-stdv, stdv)
        if self.bias is not None:
            self.bias.data.uniform_(-stdv, stdv)

    def forward(self, x, adj):
        return torch.spmm(adj, torch.mm(x, self.weight)) + self.bias


class LowRankLinear(nn.Module):
    def __init__(self, in_features, out_features, rank=8):
        super().__init__()
        self.u = nn.Parameter(torch.empty(out_features, rank))
        self.v = nn.Parameter(torch.empty(rank, in_features))
        w = nn.Parameter(torch.empty(out_features))
        nn.init.zeros_(w)
        self.bias = w
        for p in (self.u, self.v):
            nn.init.kaiming_uniform_(p, a=math.sqrt(5))

    def forward(self, x):
        return x @ (self.u @ self.v).t() + self.bias
