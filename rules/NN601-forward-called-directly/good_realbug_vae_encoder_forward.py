"""Variational autoencoder whose loss method runs the encoder and decoder networks."""
import torch
import torch.nn.functional as F
from torch import nn


class Encoder(nn.Module):
    def __init__(self, x_dim=784, z_dim=16):
        super().__init__()
        self.fc = nn.Linear(x_dim, 256)
        self.loc = nn.Linear(256, z_dim)
        self.scale = nn.Linear(256, z_dim)

    def forward(self, x):
        h = F.relu(self.fc(x))
        return self.loc(h), F.softplus(self.scale(h))


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = nn.Sequential(nn.Linear(16, 256), nn.ReLU(), nn.Linear(256, 784))

    def loss(self, x):
        loc, scale = self.encoder(x)
        z = loc + scale * torch.randn_like(scale)
        recon = self.decoder(z)
        kl = 0.5 * (loc ** 2 + scale ** 2 - 2 * scale.log() - 1).sum(1)
        return (F.binary_cross_entropy_with_logits(recon, x, reduction="none").sum(1) + kl).mean()


if __name__ == "__main__":
    vae = VAE()
    opt = torch.optim.Adam(vae.parameters(), lr=1e-3)
    for step in range(100):
        x = torch.rand(64, 784)
        opt.zero_grad()
        loss = vae.loss(x)
        loss.backward()
        opt.step()
    print(loss.item())
