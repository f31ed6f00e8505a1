"""PyTorch binary head with a single unit and softmax over the last dim."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FraudNet(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, 64), nn.ReLU())
        self.head = nn.Linear(64, 1)  # expect: NN208

    def forward(self, x):
        return F.softmax(self.head(self.body(x)), dim=-1)


scorer = nn.Sequential(
    nn.Linear(10, 32),
    nn.ReLU(),
    nn.Linear(32, 1),  # expect: NN208
    nn.Softmax(dim=-1),
)
model = FraudNet(30)
optimizer = torch.optim.Adam(model.parameters())


def step(x, y):
    optimizer.zero_grad()
    loss = F.binary_cross_entropy(model(x).squeeze(-1), y)
    loss.backward()
    optimizer.step()
