"""Keyword-spotting executor: one training epoch with gradient clipping and a NaN guard."""
import math

import torch
from torch import nn


class Executor:
    def __init__(self, log_interval: int = 100):
        self.step = 0
        self.log_interval = log_interval

    def train(self, model, optimizer, data_loader, device, grad_clip: float = 5.0):
        model.train()
        for batch_idx, (feats, target) in enumerate(data_loader):
            feats, target = feats.to(device), target.to(device)
            optimizer.zero_grad()
            logits = model(feats)
            loss = nn.functional.cross_entropy(logits.mean(dim=1), target)
            loss.backward()
            grad_norm = nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
            if torch.isfinite(grad_norm):
                optimizer.step()
            if batch_idx % self.log_interval == 0:
                print(f"batch {batch_idx}: loss {loss.item():.4f} grad norm {float(grad_norm):.2f}")
            self.step += 1


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(40, 128), nn.ReLU(), nn.Linear(128, 2))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    batches = [(torch.randn(8, 50, 40), torch.randint(0, 2, (8,))) for _ in range(30)]
    for epoch in range(math.ceil(3.5)):
        Executor().train(net, opt, batches, "cpu")
