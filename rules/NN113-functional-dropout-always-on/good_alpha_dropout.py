"""Self-normalising network: alpha dropout defaults to training=False, not True."""
import torch
from torch import nn
import torch.nn.functional as F


class SNN(nn.Module):
    def __init__(self, in_dim, hidden=256, depth=4, num_classes=10):
        super().__init__()
        dims = [in_dim] + [hidden] * depth
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims, dims[1:]))
        self.head = nn.Linear(hidden, num_classes)
        for layer in self.layers:
            nn.init.kaiming_normal_(layer.weight, nonlinearity="linear")

    def forward(self, x):
        for layer in self.layers:
            x = F.selu(layer(x))
            x = F.alpha_dropout(x, p=0.05)
        x = F.feature_alpha_dropout(x.unsqueeze(-1), p=0.05).squeeze(-1)
        return self.head(x)
