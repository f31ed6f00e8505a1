"""Base trainer of a court-keypoint heatmap regressor."""
import torch
from torch import nn


def train(model, train_loader, optimizer, criterion, device, max_iters=None):
    model.train()
    losses = []
    for iter_id, (imgs, heatmaps) in enumerate(train_loader):
        optimizer.zero_grad()
        out = model(imgs.float().to(device))
        loss = criterion(torch.sigmoid(out), heatmaps.to(device))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if max_iters is not None and iter_id >= max_iters:
            break
    return sum(losses) / len(losses)


if __name__ == "__main__":
    net = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.Conv2d(32, 15, 1))
    data = [(torch.rand(2, 3, 64, 128), torch.rand(2, 15, 64, 128)) for _ in range(20)]
    opt = torch.optim.Adam(net.parameters(), lr=1e-5)
    for epoch in range(5):
        print(epoch, train(net, data, opt, nn.MSELoss(), "cpu"))
