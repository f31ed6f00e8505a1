"""Plain lists and dicts filled from constructor arguments that hold no unregistered layers."""
import torch
from torch import nn


class Fusion(nn.Module):
    """Keeps references to branches that the caller registers on itself."""

    def __init__(self, branches, dim: int = -1):
        super().__init__()
        self.dim = dim
        self._branches = []
        for branch in branches:
            self._branches.append(branch)

    def forward(self, x):
        return torch.cat([branch(x) for branch in self._branches], dim=self.dim)


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.words = nn.Linear(32, 16)
        self.chars = nn.Linear(32, 16)
        self.fusion = Fusion([self.words, self.chars])
        self.classes = nn.Linear(32, 9)
        self.criteria = {
            "tags": nn.CrossEntropyLoss(ignore_index=-100),
            "spans": nn.SmoothL1Loss(reduction="none"),
        }

    def forward(self, x):
        return self.classes(self.fusion(x))

    def loss(self, logits, tags):
        return self.criteria["tags"](logits.flatten(0, 1), tags.flatten())


class Stack(nn.Module):
    """Registers every block it receives under its own name."""

    def __init__(self, blocks):
        super().__init__()
        self.order = []
        for block in blocks:
            self.order.append(block)
        self.blocks = nn.Sequential(*blocks)

    def forward(self, x):
        return self.blocks(x)


if __name__ == "__main__":
    model = Tagger()
    stack = Stack([nn.Linear(9, 9), nn.ReLU(), nn.Linear(9, 9)])
    optimizer = torch.optim.Adam(list(model.parameters()) + list(stack.parameters()), lr=1e-3)
    x, tags = torch.randn(4, 7, 32), torch.randint(0, 9, (4, 7))
    optimizer.zero_grad()
    loss = model.loss(stack(model(x)), tags)
    loss.backward()
    optimizer.step()
    print(loss.item())
