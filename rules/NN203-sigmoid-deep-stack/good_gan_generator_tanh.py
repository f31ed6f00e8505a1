# nnlint-test: options = {deep-stack-activations = ["sigmoid", "tanh"]}
"""With tanh opted in: a generator ends in tanh and an LSTM cell uses tanh; neither is a deep stack."""
import torch
import torch.nn as nn

nz, ngf, nc = 100, 64, 3

generator = nn.Sequential(
    nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),
    nn.BatchNorm2d(ngf * 8),
    nn.ReLU(True),
    nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),
    nn.BatchNorm2d(ngf * 4),
    nn.ReLU(True),
    nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
    nn.BatchNorm2d(ngf * 2),
    nn.ReLU(True),
    nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
    nn.Tanh(),
)


class PeepholeCell(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.gates = nn.Linear(2 * size, 4 * size)

    def forward(self, x, state):
        h, c = state
        i, f, g, o = self.gates(torch.cat([x, h], dim=-1)).chunk(4, dim=-1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        return h, (h, c)


noise = torch.randn(16, nz, 1, 1)
generator.eval()
with torch.no_grad():
    fake = generator(noise)
