"""Keep a fixed fraction of a wrapped layer's weights at zero (sparse-weights wrapper)."""
import torch
from torch import nn


class SparseWeights(nn.Module):
    def __init__(self, module: nn.Linear, weight_sparsity: float = 0.5):
        super().__init__()
        self.module = module
        n_zero = int(round((1.0 - weight_sparsity) * module.in_features))
        mask = torch.ones_like(module.weight)
        for row in mask:
            row[torch.randperm(module.in_features)[:n_zero]] = 0
        self.register_buffer("zero_mask", mask.bool().logical_not())
        self.rezero_weights()

    def rezero_weights(self):
        with torch.no_grad():
            self.module.weight.masked_fill_(self.zero_mask, 0.0)

    def forward(self, x):
        return self.module.forward(x)  # expect: NN601


class SparseMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = SparseWeights(nn.Linear(784, 256), weight_sparsity=0.3)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


if __name__ == "__main__":
    model = SparseMLP()
    model.fc1.module.register_forward_hook(lambda mod, inp, out: print("hook ran", out.shape))
    model.eval()
    with torch.no_grad():
        model(torch.rand(2, 784))
