"""Detector training epoch that keeps per-component loss totals for logging."""
from collections import defaultdict

import torch
from torch import nn


class TinyDetector(nn.Module):
    def __init__(self, n_classes: int = 80):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 32, 3, 2, 1), nn.BatchNorm2d(32), nn.SiLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.SiLU())
        self.head = nn.Conv2d(64, 4 + n_classes, 1)

    def forward(self, x):
        return self.head(self.backbone(x))


def detection_losses(pred, boxes, classes):
    box_loss = nn.functional.l1_loss(pred[:, :4], boxes)
    cls_loss = nn.functional.cross_entropy(pred[:, 4:], classes)
    return {"box": box_loss, "cls": cls_loss}


def train_one_epoch(model, optimizer, loader):
    model.train()
    total_loss = defaultdict(lambda: torch.tensor(0.0))
    for images, boxes, classes in loader:
        optimizer.zero_grad()
        losses = detection_losses(model(images), boxes, classes)
        loss = sum(losses.values())
        loss.backward()
        optimizer.step()
        for loss_name, loss_val in losses.items():
            total_loss[loss_name] += loss_val * images.size(0)  # expect: NN106
    n = sum(images.size(0) for images, _, _ in loader)
    return {name: value / n for name, value in total_loss.items()}


if __name__ == "__main__":
    data = [(torch.randn(4, 3, 64, 64), torch.randn(4, 4, 16, 16), torch.randint(0, 80, (4, 16, 16))) for _ in range(10)]
    model = TinyDetector()
    print(train_one_epoch(model, torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9), data))
