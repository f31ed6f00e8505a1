"""Something non-linear or unknown between the layers: pooling, norms, local activations."""
import torch
import torch.nn as nn


class Swish(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(x)


def make_head(dim, num_classes, use_act=True):
    return nn.Sequential(
        nn.Linear(dim, dim),
        nn.GELU() if use_act else nn.Identity(),
        nn.Linear(dim, num_classes),
    )


features = nn.Sequential(
    nn.Conv2d(3, 64, 3, padding=1),
    nn.MaxPool2d(2),
    nn.Conv2d(64, 128, 3, padding=1),
    nn.GroupNorm(8, 128),
    nn.Conv2d(128, 128, 3, padding=1),
    Swish(),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(128, 64),
    nn.LayerNorm(64),
    nn.Linear(64, 10),
)
head = make_head(256, 10)
