"""Gated-convolution inpainting GAN: alternate discriminator and generator updates."""
import torch
import torch.nn.functional as F
from torch import nn

generator = nn.Sequential(nn.Conv2d(4, 32, 3, padding=1), nn.ELU(), nn.Conv2d(32, 3, 3, padding=1), nn.Tanh())
discriminator = nn.Sequential(nn.Conv2d(4, 32, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(32, 1, 4, 2, 1))
optimizer_g = torch.optim.Adam(generator.parameters(), lr=1e-4, betas=(0.5, 0.999))
optimizer_d = torch.optim.Adam(discriminator.parameters(), lr=4e-4, betas=(0.5, 0.999))

for epoch in range(10):
    for _ in range(50):
        img = torch.rand(4, 3, 64, 64) * 2 - 1
        mask = (torch.rand(4, 1, 64, 64) > 0.7).float()
        fake = generator(torch.cat([img * (1 - mask), mask], dim=1))
        completed = img * (1 - mask) + fake * mask

        optimizer_d.zero_grad()
        fake_scalar = discriminator(torch.cat([completed.detach(), mask], dim=1))
        true_scalar = discriminator(torch.cat([img, mask], dim=1))
        loss_d = F.relu(1.0 - true_scalar).mean() + F.relu(1.0 + fake_scalar).mean()
        loss_d.backward()  # expect: NN103

        optimizer_g.zero_grad()
        loss_g = F.l1_loss(fake, img) - 0.01 * discriminator(torch.cat([completed, mask], dim=1)).mean()
        loss_g.backward()
        optimizer_g.step()
    print(epoch, loss_d.item(), loss_g.item())
