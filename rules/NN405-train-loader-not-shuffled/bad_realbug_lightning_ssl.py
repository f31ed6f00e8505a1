"""Self-supervised pretraining of a ResNet on a folder of unlabelled images with Lightning."""
import argparse

import lightning.pytorch as pl
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset
from torchvision import models


class ImagesDataset(Dataset):
    def __init__(self, n: int = 1000, size: int = 96):
        self.n, self.size = n, size

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        return torch.rand(3, self.size, self.size)


class SelfSupervisedLearner(pl.LightningModule):
    def __init__(self, lr: float = 3e-4):
        super().__init__()
        self.encoder = models.resnet18(num_classes=128)
        self.lr = lr

    def training_step(self, images, _):
        view_a = images + 0.1 * torch.randn_like(images)
        view_b = torch.flip(images, dims=[3])
        za, zb = F.normalize(self.encoder(view_a), dim=-1), F.normalize(self.encoder(view_b), dim=-1)
        loss = (2 - 2 * (za * zb).sum(dim=-1)).mean()
        self.log("loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.lr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--num_workers", type=int, default=4)
    args = parser.parse_args()
    ds = ImagesDataset()
    train_loader = DataLoader(ds, batch_size=args.batch_size, num_workers=args.num_workers)  # expect: NN405
    model = SelfSupervisedLearner()
    trainer = pl.Trainer(max_epochs=10, gradient_clip_val=1.0)
    trainer.fit(model, train_loader)
