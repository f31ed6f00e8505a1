"""Variational autoencoder for anomaly detection on tabular data, trained with a small trainer class."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class VAEAnomaly(nn.Module):
    def __init__(self, input_size: int, latent_size: int = 8):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(input_size, 128), nn.ReLU(), nn.Linear(128, 2 * latent_size))
        self.decoder = nn.Sequential(nn.Linear(latent_size, 128), nn.ReLU(), nn.Linear(128, input_size))

    def forward(self, x):
        mu, logvar = self.encoder(x).chunk(2, dim=-1)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        recon = self.decoder(z)
        kl = -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum(-1).mean()
        return nn.functional.mse_loss(recon, x) + 1e-3 * kl


class Trainer:
    def __init__(self, model, device=None, lr=1e-3):
        self.device = device
        self.model = model.to(device) if device else model
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)

    def train_epoch(self, loader):
        self.model.train()
        total = 0.0
        for (x,) in loader:
            if self.device:
                x = x.to(device=self.device)
            self.optimizer.zero_grad()
            loss = self.model(x)
            loss.backward()
            self.optimizer.step()
            total += loss.item()
        return total / len(loader)


if __name__ == "__main__":
    data = DataLoader(TensorDataset(torch.randn(2048, 30)), batch_size=64, shuffle=True)
    trainer = Trainer(VAEAnomaly(30), device="cuda" if torch.cuda.is_available() else None)
    for epoch in range(10):
        print(epoch, trainer.train_epoch(data))
