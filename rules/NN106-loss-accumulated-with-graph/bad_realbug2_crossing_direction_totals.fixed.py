"""Pedestrian-crossing classifier with a direction-regression head: the loss has a classification and a regression part."""
import torch
import torch.nn.functional as F
from torch import nn


class CrossingNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 16, 3, stride=2), nn.BatchNorm2d(16), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.classes = nn.Linear(16, 5)
        self.direction = nn.Linear(16, 4)

    def forward(self, x):
        h = self.backbone(x)
        return self.classes(h), self.direction(h)


def loss_fn(pred_classes, pred_direc, points, labels):
    mse = F.mse_loss(pred_direc, points)
    cross_entropy = F.cross_entropy(pred_classes, labels)
    return mse + cross_entropy, mse, cross_entropy


def train(model, loader, max_epochs: int = 20):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(max_epochs):
        model.train()
        running_loss = 0.0
        running_loss_mse = 0.0
        running_loss_ce = 0.0
        for j, (images, labels, points) in enumerate(loader):
            optimizer.zero_grad()
            pred_classes, pred_direc = model(images)
            loss, mse, cross_entropy = loss_fn(pred_classes, pred_direc, points, labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item()  # expect: NN106
            running_loss_mse += mse.item()  # expect: NN106
            running_loss_ce += cross_entropy.item()  # expect: NN106
        print(f"epoch {epoch + 1}: loss {running_loss / (j + 1):.4f} mse {running_loss_mse / (j + 1):.4f} ce {running_loss_ce / (j + 1):.4f}")


if __name__ == "__main__":
    data = [(torch.randn(8, 3, 96, 96), torch.randint(0, 5, (8,)), torch.rand(8, 4)) for _ in range(25)]
    train(CrossingNet(), data)
