"""Models that apply softmax only when not training, or return logits and probabilities."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Detector(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.cls = nn.Linear(16, 5)

    def forward(self, x):
        logits = self.cls(self.backbone(x))
        if not self.training:
            logits = F.softmax(logits, dim=-1)
        return logits


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32, 4)

    def forward(self, x):
        logits = self.fc(x)
        return logits, logits.softmax(dim=-1)


detector = Detector()
two = TwoHeads()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(list(detector.parameters()) + list(two.parameters()), lr=0.01)


def train_step(images, feats, labels):
    optimizer.zero_grad()
    loss = criterion(detector(images), labels)
    logits, probs = two(feats)
    loss = loss + criterion(logits, labels)
    loss.backward()
    optimizer.step()
    return probs.detach()
