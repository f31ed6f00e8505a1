"""Root segmentation U-Net: fresh random tiles every epoch, optional cosine schedule over epochs."""
import time

import torch
import torch.nn.functional as F
from torch import nn


def build_unet() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.GroupNorm(8, 32), nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=1), nn.GroupNorm(8, 32), nn.ReLU(),
        nn.Conv2d(32, 2, 1),
    )


def train_unet(train_tiles, epochs: int = 40, use_schedule: bool = True):
    cnn = build_unet()
    optimizer = torch.optim.SGD(cnn.parameters(), lr=0.01, momentum=0.99, nesterov=True)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs) if use_schedule else None
    global_step = 0
    for epoch in range(epochs):
        cnn.train()
        if scheduler:
            scheduler.step()  # expect: NN105
        epoch_start = time.time()
        loss_sum = 0.0
        for photos, masks in train_tiles:
            optimizer.zero_grad()
            loss = F.cross_entropy(cnn(photos), masks)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item()
            global_step += 1
        duration = time.time() - epoch_start
        print(f"epoch {epoch}: {duration:.1f}s loss {loss_sum / len(train_tiles):.4f} steps {global_step}")
    return cnn


if __name__ == "__main__":
    tiles = [(torch.randn(4, 3, 64, 64), torch.randint(0, 2, (4, 64, 64))) for _ in range(10)]
    train_unet(tiles, epochs=3)
