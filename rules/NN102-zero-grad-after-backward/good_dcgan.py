"""pytorch/examples dcgan: netG.zero_grad() runs after D's backward but clears G, not D."""
import torch
import torch.nn as nn

nz, ngf = 100, 64
netG = nn.Sequential(nn.ConvTranspose2d(nz, ngf, 4, 1, 0), nn.BatchNorm2d(ngf), nn.ReLU(True), nn.ConvTranspose2d(ngf, 3, 4, 2, 1), nn.Tanh())
netD = nn.Sequential(nn.Conv2d(3, ngf, 4, 2, 1), nn.LeakyReLU(0.2, inplace=True), nn.Conv2d(ngf, 1, 4, 1, 0), nn.Flatten())
criterion = nn.BCEWithLogitsLoss()
optimizerD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
optimizerG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
dataloader = [torch.randn(16, 3, 8, 8) for _ in range(20)]

for epoch in range(5):
    for i, real_cpu in enumerate(dataloader):
        netD.zero_grad()
        batch_size = real_cpu.size(0)
        label = torch.full((batch_size, 1), 1.0)
        errD_real = criterion(netD(real_cpu), label)
        errD_real.backward()

        noise = torch.randn(batch_size, nz, 1, 1)
        fake = netG(noise)
        label.fill_(0.0)
        errD_fake = criterion(netD(fake.detach()), label)
        errD_fake.backward()
        optimizerD.step()

        netG.zero_grad()
        label.fill_(1.0)
        errG = criterion(netD(fake), label)
        errG.backward()
        optimizerG.step()
        print(f"[{epoch}/{5}][{i}] Loss_D: {(errD_real + errD_fake).item():.4f} Loss_G: {errG.item():.4f}")
