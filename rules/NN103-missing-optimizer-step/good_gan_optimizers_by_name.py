"""Conditional GAN whose two updates share one helper: the optimizer is looked up by name."""
import torch
import torch.nn.functional as F
from torch import nn

LATENT, CLASSES = 32, 10

generator = nn.Sequential(nn.Linear(LATENT + CLASSES, 128), nn.ReLU(), nn.Linear(128, 784), nn.Tanh())
critic = nn.Sequential(nn.Linear(784 + CLASSES, 128), nn.LeakyReLU(0.2), nn.Linear(128, 1))
opt_gen = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_critic = torch.optim.Adam(critic.parameters(), lr=2e-4, betas=(0.5, 0.999))
optimizers = {"gen": opt_gen, "critic": opt_critic}


def fake_batch(labels):
    z = torch.randn(labels.size(0), LATENT)
    onehot = F.one_hot(labels, CLASSES).float()
    return generator(torch.cat([z, onehot], dim=1)), onehot


for epoch in range(5):
    for _ in range(100):
        real = torch.rand(16, 784) * 2 - 1
        labels = torch.randint(0, CLASSES, (16,))
        fake, onehot = fake_batch(labels)

        opt_critic.zero_grad()
        real_score = critic(torch.cat([real, onehot], dim=1))
        fake_score = critic(torch.cat([fake.detach(), onehot], dim=1))
        loss_c = F.softplus(-real_score).mean() + F.softplus(fake_score).mean()
        loss_c.backward()
        optimizers["critic"].step()

        opt_gen.zero_grad()
        loss_g = F.softplus(-critic(torch.cat([fake, onehot], dim=1))).mean()
        loss_g.backward()
        optimizers["gen"].step()
    print(epoch, loss_c.item(), loss_g.item())
