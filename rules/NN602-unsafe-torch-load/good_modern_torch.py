"""A project that requires torch>=2.6, where torch.load is weights-only by default."""
import torch
import torch.nn as nn

# nnlint-test: options = {target-torch-version = "2.6"}


class Regressor(nn.Module):
    def __init__(self, n_in=8):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)


def evaluate(checkpoint_path, inputs, targets):
    model = Regressor()
    model.load_state_dict(torch.load(checkpoint_path, map_location="cpu"))
    model.eval()
    with torch.no_grad():
        predictions = model(inputs)
    return torch.mean((predictions - targets) ** 2).item()


def load_optimizer_state(optimizer, path):
    optimizer.load_state_dict(torch.load(path))
    return optimizer


def load(path):
    # A user's own function called load is not torch.load.
    with open(path, "rb") as handle:
        return handle.read()


data = load("weights.bin")
