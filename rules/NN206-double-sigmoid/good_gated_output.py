"""A gate multiplies the logits: the loss input is not a sigmoid output."""
import torch
import torch.nn as nn


class GatedHead(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gate = nn.Linear(dim, 1)
        self.score = nn.Linear(dim, 1)

    def forward(self, h):
        return torch.sigmoid(self.gate(h)) * self.score(h)


head = GatedHead(64)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(head.parameters())


def step(h, y):
    optimizer.zero_grad()
    loss = criterion(head(h), y)
    loss.backward()
    optimizer.step()
