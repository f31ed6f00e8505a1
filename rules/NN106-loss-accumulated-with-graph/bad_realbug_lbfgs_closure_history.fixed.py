"""Fit a Lyapunov-function network with L-BFGS; the closure records every loss evaluation."""
import torch
from torch import nn


class LyapunovNet(nn.Module):
    def __init__(self, x_dim: int = 2, hidden: int = 32):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(x_dim, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x):
        return self.net(x) - self.net(torch.zeros_like(x))


def lyapunov_loss(V, x, dynamics, margin=0.01):
    x_next = dynamics(x)
    positivity = torch.relu(margin * x.norm(dim=1, keepdim=True) - V(x)).mean()
    decrease = torch.relu(V(x_next) - V(x) + margin * x.norm(dim=1, keepdim=True)).mean()
    return positivity + decrease


def train(V, dynamics, samples, iterations=50):
    optimizer = torch.optim.LBFGS(V.parameters(), lr=0.5, line_search_fn="strong_wolfe")
    losses = []

    def closure():
        optimizer.zero_grad()
        loss = lyapunov_loss(V, samples, dynamics)
        loss.backward()
        losses.append(loss.item())  # expect: NN106
        return loss

    for it in range(iterations):
        optimizer.step(closure)
        print(f"iteration {it}: {len(losses)} evaluations, last loss {losses[-1]:.5f}")
    return losses


if __name__ == "__main__":
    A = torch.tensor([[0.9, 0.2], [-0.1, 0.8]])
    train(LyapunovNet(), lambda x: x @ A.T, torch.randn(1024, 2))
