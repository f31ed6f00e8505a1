"""Train the VAE of a latent diffusion model with gradient accumulation over micro-batches."""
import torch
import torch.nn.functional as F
from torch import nn


class VAE(nn.Module):
    def __init__(self, channels=1, latent=4):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(channels, 32, 4, 2, 1), nn.SiLU(), nn.Conv2d(32, 2 * latent, 4, 2, 1))
        self.dec = nn.Sequential(nn.ConvTranspose2d(latent, 32, 4, 2, 1), nn.SiLU(), nn.ConvTranspose2d(32, channels, 4, 2, 1))

    def forward(self, x):
        mean, logvar = self.enc(x).chunk(2, dim=1)
        z = mean + torch.randn_like(mean) * (0.5 * logvar).exp()
        return self.dec(z), mean, logvar


def train(model, batches, accumulate_grad_batches=4, kl_weight=1e-6):
    optimizer = torch.optim.Adam(model.parameters(), lr=4.5e-6, betas=(0.5, 0.9))
    model.train()
    for batch_idx, x in enumerate(batches):
        recon, mean, logvar = model(x)
        kl = -0.5 * torch.mean(1 + logvar - mean ** 2 - logvar.exp())
        loss = (F.l1_loss(recon, x) + kl_weight * kl) / accumulate_grad_batches
        loss.backward()
        if (batch_idx + 1) % accumulate_grad_batches == 0:
            optimizer.step()
            optimizer.zero_grad()


if __name__ == "__main__":
    train(VAE(), [torch.rand(4, 1, 64, 64) for _ in range(40)])
