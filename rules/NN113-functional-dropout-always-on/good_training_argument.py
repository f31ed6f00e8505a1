"""Every way of telling functional dropout the module's mode."""
import torch
from torch import nn
import torch.nn.functional as F


class GCN(nn.Module):
    """torch_geometric style: the mode is passed positionally or as an expression."""

    def __init__(self, in_dim, hidden, out_dim, p=0.5, use_dropout=True):
        super().__init__()
        self.lin1 = nn.Linear(in_dim, hidden)
        self.lin2 = nn.Linear(hidden, out_dim)
        self.p = p
        self.use_dropout = use_dropout

    def forward(self, x, adj):
        x = F.dropout(x, self.p, self.training)
        x = F.relu(adj @ self.lin1(x))
        x = F.dropout(x, p=self.p, training=self.training and self.use_dropout)
        return adj @ self.lin2(x)


class MCDropoutRegressor(nn.Module):
    """Monte Carlo dropout on purpose: dropout stays on to sample predictions."""

    def __init__(self, in_dim, hidden=64):
        super().__init__()
        self.hidden = nn.Linear(in_dim, hidden)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        x = F.dropout(F.relu(self.hidden(x)), p=0.1, training=True)
        return self.out(x)


def functional_block(x, weight, training):
    return F.dropout(F.gelu(x @ weight), 0.1, training=training)
