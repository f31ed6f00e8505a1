"""Train an in-domain encoder for a frozen generator with an adversarial discriminator."""
import torch
import torch.nn.functional as F
from torch import nn

encoder = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 256), nn.LeakyReLU(0.2), nn.Linear(256, 128))
generator = nn.Sequential(nn.Linear(128, 3 * 32 * 32), nn.Tanh())
discriminator = nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1))
for p in generator.parameters():
    p.requires_grad_(False)

optimizer_E = torch.optim.Adam(encoder.parameters(), lr=1e-4, betas=(0.9, 0.99))
optimizer_D = torch.optim.Adam(discriminator.parameters(), lr=1e-4, betas=(0.9, 0.99))

for step in range(1000):
    real = torch.rand(16, 3, 32, 32) * 2 - 1
    recon = generator(encoder(real)).view_as(real)

    loss_D = F.softplus(discriminator(recon.detach())).mean() + F.softplus(-discriminator(real)).mean()
    loss_D.backward()  # expect: NN101
    optimizer_D.step()

    optimizer_E.zero_grad()
    loss_E = F.mse_loss(recon, real) + 0.1 * F.softplus(-discriminator(recon)).mean()
    loss_E.backward()
    optimizer_E.step()
    if step % 100 == 0:
        print(step, loss_D.item(), loss_E.item())
