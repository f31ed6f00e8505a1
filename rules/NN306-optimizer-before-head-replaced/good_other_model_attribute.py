"""Attributes set on a different object, or non-layer attributes, are not head swaps."""

import torch
from torch import nn


class Wrapper(nn.Module):
    def __init__(self, encoder, num_classes):
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(encoder.out_dim, num_classes)

    def forward(self, x):
        return self.head(self.encoder(x))


encoder = nn.Sequential(nn.Linear(64, 128), nn.ReLU())
encoder.out_dim = 128
teacher = nn.Linear(64, 10)
student = Wrapper(encoder, 10)
optimizer = torch.optim.Adam(student.parameters(), lr=1e-3)
teacher.fc = nn.Linear(10, 10)
student.temperature = 4.0
