"""A reusable fit() helper whose optimizer is built inline at the call site."""

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


def fit(model, loader, optimizer, epochs=5):
    model.train()
    for _ in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.mse_loss(model(x), y).backward()
            optimizer.step()
    return model


if __name__ == "__main__":
    data = TensorDataset(torch.randn(256, 4), torch.randn(256, 1))
    net = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    fit(net, DataLoader(data, batch_size=32, shuffle=True), torch.optim.SGD(net.parameters(), lr=0.1))
