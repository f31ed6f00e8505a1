"""A GAN with AMP: each optimizer is stepped through the scaler."""

import torch
from torch import nn

netG = nn.Sequential(nn.Linear(100, 784), nn.Tanh())
netD = nn.Sequential(nn.Linear(784, 1))
optG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
optD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
scaler = torch.amp.GradScaler("cuda")
bce = nn.BCEWithLogitsLoss()

for step in range(10000):
    real = torch.randn(64, 784)
    noise = torch.randn(64, 100)
    with torch.autocast("cuda"):
        fake = netG(noise)
        d_loss = bce(netD(real), torch.ones(64, 1)) + bce(netD(fake.detach()), torch.zeros(64, 1))
    optD.zero_grad()
    scaler.scale(d_loss).backward()
    scaler.step(optD)
    with torch.autocast("cuda"):
        g_loss = bce(netD(fake), torch.ones(64, 1))
    optG.zero_grad()
    scaler.scale(g_loss).backward()
    scaler.step(optG)
    scaler.update()
