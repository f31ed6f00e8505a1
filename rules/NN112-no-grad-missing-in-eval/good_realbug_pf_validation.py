"""Particle-flow style regression: per-epoch training and validation with loss components."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class PFNet(nn.Module):
    def __init__(self, n_feat: int = 15, width: int = 128):
        super().__init__()
        self.encode = nn.Sequential(nn.Linear(n_feat, width), nn.ELU(), nn.LayerNorm(width), nn.Linear(width, width), nn.ELU())
        self.cls = nn.Linear(width, 6)
        self.reg = nn.Linear(width, 4)

    def forward(self, x):
        h = self.encode(x)
        return self.cls(h), self.reg(h)


def loss_components(model, x, ycls, yreg):
    logits, regression = model(x)
    return nn.functional.cross_entropy(logits, ycls), nn.functional.huber_loss(regression, yreg)


def train_and_valid(model, loader, optimizer=None):
    is_train = optimizer is not None
    model.train(is_train)
    totals = {"cls": 0.0, "reg": 0.0}
    for x, ycls, yreg in loader:
        cls_loss, reg_loss = loss_components(model, x, ycls, yreg)
        if is_train:
            optimizer.zero_grad()
            (cls_loss + reg_loss).backward()
            optimizer.step()
        totals["cls"] += cls_loss.item()
        totals["reg"] += reg_loss.item()
    return {k: v / len(loader) for k, v in totals.items()}


def validate(model, loader):
    model.eval()
    losses = []
    for x, ycls, yreg in loader:
        with torch.no_grad():
            cls_loss, reg_loss = loss_components(model, x, ycls, yreg)
        losses.append((cls_loss + reg_loss).item())
    return sum(losses) / len(losses)


if __name__ == "__main__":
    x, ycls, yreg = torch.randn(5000, 15), torch.randint(0, 6, (5000,)), torch.randn(5000, 4)
    train_loader = DataLoader(TensorDataset(x[:4000], ycls[:4000], yreg[:4000]), batch_size=64, shuffle=True)
    valid_loader = DataLoader(TensorDataset(x[4000:], ycls[4000:], yreg[4000:]), batch_size=1024)
    model = PFNet()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for epoch in range(10):
        print(epoch, train_and_valid(model, train_loader, optimizer), validate(model, valid_loader))
