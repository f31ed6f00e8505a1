"""A regression script whose batch loop lives in a helper; the caller never clears either."""
import argparse

import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset


def build_model(n_features: int) -> nn.Module:
    return nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(), nn.Linear(64, 1))


def train_one_epoch(model, loader, optimizer, loss_fn, device):
    model.train()
    total = 0.0
    for features, target in loader:
        features, target = features.to(device), target.to(device)
        prediction = model(features).squeeze(-1)
        loss = loss_fn(prediction, target)
        optimizer.zero_grad()
        loss.backward()  # expect: NN101
        optimizer.step()
        total += loss.item() * features.size(0)
    return total / len(loader.dataset)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    features = torch.randn(1024, 8)
    target = features @ torch.randn(8) + 0.1 * torch.randn(1024)
    loader = DataLoader(TensorDataset(features, target), batch_size=32, shuffle=True)

    model = build_model(8).to(device)
    optimizer = optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.MSELoss()
    for epoch in range(args.epochs):
        mse = train_one_epoch(model, loader, optimizer, loss_fn, device)
        print(f"epoch {epoch + 1}: train mse {mse:.4f}")


if __name__ == "__main__":
    main()
