"""A LoRA adapter: a down- then an up-projection with nothing between them is a low-rank
update on purpose. The rule reads Sequential stacks, not a module's forward."""
import torch
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int = 8, alpha: float = 16.0):
        super().__init__()
        self.base = base
        self.down = nn.Linear(base.in_features, rank, bias=False)
        self.up = nn.Linear(rank, base.out_features, bias=False)
        nn.init.zeros_(self.up.weight)
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + self.up(self.down(x)) * self.scale


layer = LoRALinear(nn.Linear(512, 512))
out = layer(torch.randn(4, 512))
