"""Train a small diffusion model over robot trajectories; loaders are built in a helper."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split


def get_dataloaders(n_trajectories=2000, horizon=64, batch_size=128, val_fraction=0.1):
    trajectories = torch.randn(n_trajectories, horizon, 7)
    dataset = TensorDataset(trajectories)
    n_val = int(val_fraction * len(dataset))
    train_subset, val_subset = random_split(dataset, [len(dataset) - n_val, n_val], generator=torch.Generator().manual_seed(0))
    train_dataloader = DataLoader(train_subset, batch_size=batch_size)  # expect: NN405
    val_dataloader = DataLoader(val_subset, batch_size=batch_size)
    return train_dataloader, val_dataloader


class Denoiser(nn.Module):
    def __init__(self, dim=7, hidden=256):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim + 1, hidden), nn.Mish(), nn.Linear(hidden, hidden), nn.Mish(), nn.Linear(hidden, dim))

    def forward(self, x, t):
        return self.net(torch.cat([x, t.expand(*x.shape[:-1], 1)], dim=-1))


def main(n_steps=100, epochs=20):
    train_loader, val_loader = get_dataloaders()
    model = Denoiser()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    for epoch in range(epochs):
        model.train()
        for (x0,) in train_loader:
            t = torch.randint(1, n_steps, (x0.size(0), 1, 1)).float() / n_steps
            noise = torch.randn_like(x0)
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(x0 * (1 - t).sqrt() + noise * t.sqrt(), t), noise)
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch}: {loss.item():.4f}")


if __name__ == "__main__":
    main()
