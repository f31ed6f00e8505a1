"""Multi-task training: weighted loss components, logged per component as numbers."""
from collections import defaultdict

import torch
import torch.nn.functional as F
from torch import nn


class MultiTaskNet(nn.Module):
    def __init__(self, n_classes: int = 5):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(32, 64), nn.ReLU())
        self.cls_head = nn.Linear(64, n_classes)
        self.reg_head = nn.Linear(64, 1)

    def forward(self, x):
        h = self.trunk(x)
        return self.cls_head(h), self.reg_head(h).squeeze(-1)


def task_losses(outputs, labels, targets):
    logits, values = outputs
    return {"cls": F.cross_entropy(logits, labels), "reg": F.smooth_l1_loss(values, targets)}


def train(model, optimizer, batches, loss_weights):
    model.train()
    running = defaultdict(float)
    weight_sums = defaultdict(float)
    history = []
    for step, (x, labels, targets) in enumerate(batches):
        optimizer.zero_grad()
        losses = task_losses(model(x), labels, targets)
        loss = sum(loss_weights[name] * term for name, term in losses.items())
        loss.backward()
        optimizer.step()
        for name, term in losses.items():
            running[name] += term.item()
        for name, weight in loss_weights.items():
            weight_sums[name] += weight
        history.append({"step": step, "loss": loss.item(), "cls": float(losses["cls"])})
    return {name: total / len(batches) for name, total in running.items()}, history


if __name__ == "__main__":
    net = MultiTaskNet()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    data = [(torch.randn(8, 32), torch.randint(0, 5, (8,)), torch.randn(8)) for _ in range(25)]
    print(train(net, opt, data, {"cls": 1.0, "reg": 0.5})[0])
