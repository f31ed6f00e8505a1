"""DCGAN-style discriminator ending in Sigmoid, trained with BCELoss."""
import torch
import torch.nn as nn

nc, ndf, nz = 3, 64, 100


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.main(x).view(-1, 1).squeeze(1)


netD = Discriminator()
criterion = nn.BCELoss()
optimizerD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))


def discriminator_step(real, fake):
    netD.zero_grad()
    label = torch.full((real.size(0),), 1.0)
    output = netD(real)
    err_real = criterion(output, label)  # expect: NN209
    err_real.backward()
    label.fill_(0.0)
    output = netD(fake.detach())
    err_fake = criterion(output, label)  # expect: NN209
    err_fake.backward()
    optimizerD.step()
    return (err_real + err_fake).item()
