"""Aerial-imagery segmentation trainer: train and validate functions called once per epoch, IoU tracked per class."""
import collections

import torch
from torch import nn


def mean_iou(masks, outputs, num_classes):
    preds = outputs.argmax(1)
    ious = []
    for c in range(num_classes):
        inter = ((preds == c) & (masks == c)).sum().item()
        union = ((preds == c) | (masks == c)).sum().item()
        ious.append(inter / union if union else 1.0)
    return sum(ious) / num_classes


def train(loader, num_classes, net, optimizer, criterion):
    net.train()
    running_loss, ious = 0.0, []
    for images, masks in loader:
        optimizer.zero_grad()
        outputs = net(images)
        loss = criterion(outputs, masks)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        ious.append(mean_iou(masks, outputs.detach(), num_classes))
    return {"loss": running_loss / len(loader), "iou": sum(ious) / len(ious)}


def validate(loader, num_classes, net, criterion):
    net.eval()
    running_loss, ious = 0.0, []
    with torch.no_grad():
        for images, masks in loader:  # expect: NN112
            outputs = net(images)
            loss = criterion(outputs, masks)
            running_loss += loss.item()
            ious.append(mean_iou(masks, outputs, num_classes))
    return {"loss": running_loss / len(loader), "iou": sum(ious) / len(ious)}


def main(train_loader, val_loader, num_classes: int = 2, num_epochs: int = 10):
    net = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.Conv2d(32, num_classes, 1))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-4, weight_decay=1e-4)
    criterion = nn.CrossEntropyLoss(weight=torch.tensor([0.3, 0.7]))
    history = collections.defaultdict(list)
    for epoch in range(num_epochs):
        train_hist = train(train_loader, num_classes, net, optimizer, criterion)
        val_hist = validate(val_loader, num_classes, net, criterion)
        for k, v in train_hist.items():
            history["train " + k].append(v)
        for k, v in val_hist.items():
            history["val " + k].append(v)
        print(f"epoch {epoch + 1}/{num_epochs}: val loss {val_hist['loss']:.4f}, mean IoU {val_hist['iou']:.4f}")
    return history


if __name__ == "__main__":
    tiles = [(torch.randn(4, 3, 128, 128), torch.randint(0, 2, (4, 128, 128))) for _ in range(8)]
    main(tiles, tiles[:2])
