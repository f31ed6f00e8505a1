"""Monte Carlo dropout on purpose, and a model with no dropout or batch-norm at all."""
import torch
from torch import nn


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(8, 64)
        self.out = nn.Linear(64, 1)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))


bayesian = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 1))
bayesian.load_state_dict(torch.load("mc.pt", weights_only=True))
x_test = torch.randn(100, 8)

bayesian.train()
with torch.no_grad():
    samples = torch.stack([bayesian(x_test) for _ in range(50)])
print("mean", samples.mean(0).squeeze(), "std", samples.std(0).squeeze())

plain = Regressor()
plain.load_state_dict(torch.load("plain.pt", weights_only=True))
with torch.no_grad():
    print(plain(x_test).squeeze())
