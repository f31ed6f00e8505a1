"""A training library module: it defines functions only; the caller seeds. The demo at the
bottom seeds through a torch.Generator and np.random.default_rng."""
import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split


def fit(model, loader, optimizer, epochs=1):
    model.train()
    for _ in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            F.mse_loss(model(x), y).backward()
            optimizer.step()
    return model


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    generator = torch.Generator().manual_seed(0)
    data = TensorDataset(torch.tensor(rng.normal(size=(256, 4)), dtype=torch.float32), torch.zeros(256, 1))
    train_part, _ = random_split(data, [0.8, 0.2], generator=generator)
    net = torch.nn.Linear(4, 1)
    sgd = torch.optim.SGD(net.parameters(), lr=0.1)
    fit(net, DataLoader(train_part, batch_size=16, shuffle=True, generator=generator), sgd)
