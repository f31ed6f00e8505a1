"""A training script with a typo that stops Python from parsing it at all."""

import torch
from torch import nn

model = nn.Linear(10, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(10)  # expect: NN001
    optimizer.zero_grad()
