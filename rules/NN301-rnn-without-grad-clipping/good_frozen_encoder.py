"""A pretrained LSTM encoder is frozen; only the linear probe on top trains."""

import torch
from torch import nn

encoder = nn.LSTM(input_size=40, hidden_size=256, num_layers=3, batch_first=True)
encoder.requires_grad_(False)
probe = nn.Linear(256, 10)
optimizer = torch.optim.SGD(probe.parameters(), lr=0.1)

for step in range(500):
    feats = torch.randn(32, 100, 40)
    labels = torch.randint(0, 10, (32,))
    with torch.no_grad():
        hidden, _ = encoder(feats)
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(probe(hidden[:, -1]), labels)
    loss.backward()
    optimizer.step()
