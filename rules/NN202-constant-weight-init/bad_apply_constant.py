"""Tabular regression: a "deterministic" init applied to every Linear layer."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.01)  # expect: NN202
        nn.init.zeros_(m.bias)


class Regressor(nn.Module):
    def __init__(self, n_features, hidden=64):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_features, hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Linear(hidden, 1),
        )

    def forward(self, x):
        return self.net(x)


def train(X, y, epochs=20):
    model = Regressor(X.shape[1])
    model.apply(init_weights)
    loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    for _ in range(epochs):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb).squeeze(-1), yb)
            loss.backward()
            optimizer.step()
    return model


class Autoencoder(nn.Module):
    def __init__(self, dim=784, code=32):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(dim, 256), nn.ReLU(), nn.Linear(256, code))
        self.decoder = nn.Sequential(nn.Linear(code, 256), nn.ReLU(), nn.Linear(256, dim))
        for m in self.modules():
            if isinstance(m, nn.Linear):
                m.weight.data.fill_(0.5)  # expect: NN202
                m.bias.data.zero_()

    def forward(self, x):
        return self.decoder(torch.relu(self.encoder(x)))
