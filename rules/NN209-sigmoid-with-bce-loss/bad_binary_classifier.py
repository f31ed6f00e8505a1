"""Churn prediction: sigmoid output and F.binary_cross_entropy."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

X = torch.randn(5000, 18)
y = (torch.rand(5000) > 0.8).float()
loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)


class ChurnNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(18, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        return torch.sigmoid(self.out(F.relu(self.hidden(x)))).squeeze(-1)


model = ChurnNet()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(20):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = F.binary_cross_entropy(model(xb), yb)  # expect: NN209
        loss.backward()
        optimizer.step()
