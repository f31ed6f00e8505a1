"""A small fit() wrapper with separate train and validation steps (skorch-like)."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class NeuralNetRegressor:
    def __init__(self, module: nn.Module, lr: float = 1e-3, max_epochs: int = 10):
        self.module = module
        self.criterion = nn.MSELoss()
        self.optimizer = torch.optim.Adam(module.parameters(), lr=lr)
        self.max_epochs = max_epochs

    def train_step(self, xb, yb):
        self.module.train()
        self.optimizer.zero_grad()
        loss = self.criterion(self.module(xb), yb)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def validation_step(self, xb, yb):
        self.module.eval()
        with torch.no_grad():
            y_pred = self.module(xb)
            return self.criterion(y_pred, yb).item()

    def fit(self, train_loader, valid_loader):
        for epoch in range(self.max_epochs):
            train_losses = [self.train_step(xb, yb) for xb, yb in train_loader]
            valid_losses = []
            for xb, yb in valid_loader:
                valid_losses.append(self.validation_step(xb, yb))
            print(epoch, sum(train_losses) / len(train_losses), sum(valid_losses) / len(valid_losses))
        return self


if __name__ == "__main__":
    x, y = torch.randn(2000, 8), torch.randn(2000, 1)
    train = DataLoader(TensorDataset(x[:1600], y[:1600]), batch_size=32, shuffle=True)
    valid = DataLoader(TensorDataset(x[1600:], y[1600:]), batch_size=256)
    net = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 1))
    NeuralNetRegressor(net).fit(train, valid)
