"""Alternating GAN updates: optimizerD.step() precedes errG.backward(), a different optimizer."""
import torch
import torch.nn as nn

latent = 32
generator = nn.Sequential(nn.Linear(latent, 128), nn.ReLU(), nn.Linear(128, 2))
discriminator = nn.Sequential(nn.Linear(2, 128), nn.LeakyReLU(0.2), nn.Linear(128, 1))
opt_d = torch.optim.Adam(discriminator.parameters(), lr=1e-4, betas=(0.5, 0.9))
opt_g = torch.optim.Adam(generator.parameters(), lr=1e-4, betas=(0.5, 0.9))
bce = nn.BCEWithLogitsLoss()

for step in range(5000):
    real = torch.randn(64, 2) * 0.5 + 2.0
    fake = generator(torch.randn(64, latent))

    opt_d.zero_grad()
    d_loss = bce(discriminator(real), torch.ones(64, 1)) + bce(discriminator(fake.detach()), torch.zeros(64, 1))
    d_loss.backward()
    opt_d.step()

    opt_g.zero_grad()
    g_loss = bce(discriminator(fake), torch.ones(64, 1))
    g_loss.backward()
    opt_g.step()
    if step % 500 == 0:
        print(step, d_loss.item(), g_loss.item())
