"""Calls that look like forward() on a module but are fine: super(), parent class, references."""
import inspect

import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        return x + self.proj(self.norm(x))


class GatedBlock(Block):
    def __init__(self, dim):
        super().__init__(dim)
        self.gate = nn.Linear(dim, dim)

    def forward(self, x):
        y = super().forward(x)
        z = Block.forward(self, x)
        return torch.sigmoid(self.gate(x)) * y + z

    def features(self, x):
        return self.forward(x)


class ScaleGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scale, None


model = GatedBlock(32)
model.eval()
example = torch.randn(4, 32)
traced = torch.jit.trace(model.forward, example)
signature = inspect.signature(model.forward)
compiled_forward = torch.compile(model.forward)
with torch.no_grad():
    out = model(example)
    scaled = ScaleGrad.apply(out, 0.5)
    again = ScaleGrad.forward(None, out, 0.5)
print(signature, traced(example).shape, scaled.shape, again.shape)
