"""A layer that applies several sub-layers to one input and merges their outputs."""
import torch
from torch import nn


class MergeLayer(nn.Module):
    def __init__(self, layers, mode: str = "concat", dim: int = -1):
        super().__init__()
        self._mode = mode
        self._dim = dim
        self._layers = nn.ModuleList([])  # expect: NN213
        for layer in layers:
            self._layers.append(layer)

    def forward(self, inputs):
        outputs = [layer(inputs) for layer in self._layers]
        if self._mode == "concat":
            return torch.cat(outputs, dim=self._dim)
        if self._mode == "sum":
            return torch.stack(outputs, dim=0).sum(dim=0)
        raise ValueError(f"unknown merge mode {self._mode}")


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.merge = MergeLayer([nn.Linear(64, 32), nn.Conv1d(1, 1, 33)], mode="concat")
        self.out = nn.Linear(64, 5)

    def forward(self, x):
        branch_a = self.merge._layers[0](x)
        branch_b = self.merge._layers[1](x.unsqueeze(1)).flatten(1)
        return self.out(torch.cat([branch_a, branch_b], dim=-1))


if __name__ == "__main__":
    model = Classifier()
    print(sum(p.numel() for p in model.parameters()), "trainable parameters")
