"""Depth-model trainer: collect each step's output dict and average the metrics per epoch."""
import torch
from torch import nn


class DepthNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 1, 3, padding=1))

    def forward(self, rgb):
        return torch.sigmoid(self.enc(rgb))


def photometric_loss(depth, target):
    return (depth - target).abs().mean()


def train_epoch(model, optimizer, batches):
    model.train()
    outputs = []
    for rgb, target in batches:
        optimizer.zero_grad()
        depth = model(rgb)
        loss = photometric_loss(depth, target)
        loss.backward()
        optimizer.step()
        outputs.append({"loss": loss, "mean_depth": depth.mean().item()})  # expect: NN106
    return {
        "avg_loss": sum(float(o["loss"]) for o in outputs) / len(outputs),
        "avg_depth": sum(o["mean_depth"] for o in outputs) / len(outputs),
    }


if __name__ == "__main__":
    net = DepthNet()
    opt = torch.optim.Adam(net.parameters(), lr=2e-4)
    batches = [(torch.rand(2, 3, 64, 64), torch.rand(2, 1, 64, 64)) for _ in range(20)]
    for epoch in range(3):
        print(epoch, train_epoch(net, opt, batches))
