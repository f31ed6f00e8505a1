"""Plain Python classes may hold modules in lists: only nn.Module registers attributes."""
from dataclasses import dataclass, field

import torch
from torch import nn


class EnsembleTrainer:
    def __init__(self, n_models, in_dim, num_classes, lr=1e-3):
        self.models = [nn.Linear(in_dim, num_classes) for _ in range(n_models)]
        self.optimizers = [torch.optim.SGD(m.parameters(), lr=lr) for m in self.models]
        self.criterion = nn.CrossEntropyLoss()

    def step(self, x, y):
        for model, opt in zip(self.models, self.optimizers):
            opt.zero_grad()
            loss = self.criterion(model(x), y)
            loss.backward()
            opt.step()


@dataclass
class Stage:
    name: str
    blocks: list = field(default_factory=list)

    def build(self, dim):
        self.blocks = [nn.Linear(dim, dim) for _ in range(2)]
        return nn.Sequential(*self.blocks)
