"""Multi-task regression with a shared trunk: weight the task losses and clip the update."""
import torch
from torch import nn


class MultiTaskNet(nn.Module):
    def __init__(self, in_dim=32, n_tasks=3):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_dim, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU())
        self.heads = nn.ModuleList([nn.Linear(128, 1) for _ in range(n_tasks)])

    def forward(self, x):
        h = self.trunk(x)
        return torch.cat([head(h) for head in self.heads], dim=1)


def train(model, batches, task_weights, max_norm=1.0, epochs=10):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for epoch in range(epochs):
        for x, y in batches:
            optimizer.zero_grad()
            losses = ((model(x) - y) ** 2).mean(dim=0)
            loss = (task_weights * losses).sum()
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)  # expect: NN302
            loss.backward()
            optimizer.step()
        print(epoch, losses.tolist())


if __name__ == "__main__":
    data = [(torch.randn(64, 32), torch.randn(64, 3)) for _ in range(20)]
    train(MultiTaskNet(), data, torch.tensor([1.0, 0.5, 0.2]))
