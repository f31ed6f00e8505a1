"""The optimizer is built once for a warm-up, then rebuilt after the head is swapped."""

import torch
from torch import nn

backbone = nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
model = nn.Sequential()
model.features = backbone
model.classifier = nn.Linear(32, 100)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
model.classifier = nn.Linear(32, 10)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
