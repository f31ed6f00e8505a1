"""Masked-siamese self-supervised loss with a power-law prior on the mean prototype assignment."""
import torch
import torch.nn.functional as F
from torch import nn


def power_law_distribution(size: int, exponent: float, device=None):
    k = torch.arange(1, size + 1, device=device, dtype=torch.float)
    dist = k ** (-exponent)
    return dist / dist.sum()


class PMSNLoss(nn.Module):
    def __init__(self, temperature: float = 0.1, sinkhorn_iterations: int = 0, regularization_weight: float = 1.0, power_law_exponent: float = 0.25):
        super().__init__()
        self.temperature = temperature
        self.regularization_weight = regularization_weight
        self.power_law_exponent = power_law_exponent

    def forward(self, anchors, targets, prototypes):
        anchors, targets, prototypes = (F.normalize(t, dim=1) for t in (anchors, targets, prototypes))
        anchor_probs = F.softmax(anchors @ prototypes.T / self.temperature, dim=1)
        with torch.no_grad():
            target_probs = F.softmax(targets @ prototypes.T / (self.temperature / 4), dim=1)
        ce = torch.mean(torch.sum(-target_probs * torch.log(anchor_probs + 1e-8), dim=1))
        mean_anchor_probs = anchor_probs.mean(dim=0)
        prior = power_law_distribution(len(mean_anchor_probs), self.power_law_exponent, anchors.device)
        reg = F.kl_div(mean_anchor_probs, prior, reduction="sum")  # expect: NN212
        return ce + self.regularization_weight * reg


if __name__ == "__main__":
    encoder = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 32))
    prototypes = nn.Parameter(torch.randn(100, 32))
    criterion = PMSNLoss()
    optimizer = torch.optim.AdamW(list(encoder.parameters()) + [prototypes], lr=1e-3)
    for step in range(50):
        x = torch.randn(256, 64)
        optimizer.zero_grad()
        loss = criterion(encoder(x + 0.1 * torch.randn_like(x)), encoder(x), prototypes)
        loss.backward()
        optimizer.step()
    print(loss.item())
