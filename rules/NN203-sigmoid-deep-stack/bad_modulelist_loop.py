# nnlint-test: options = {deep-stack-depth = 4, deep-stack-activations = ["sigmoid", "tanh"]}
"""A deep tanh MLP built with ModuleList; the project opted tanh in and uses depth 4."""
import torch
import torch.nn as nn


class DeepNet(nn.Module):
    def __init__(self, width=100):
        super().__init__()
        self.inp = nn.Linear(2, width)
        self.hidden = nn.ModuleList([nn.Linear(width, width) for _ in range(4)])  # expect: NN203
        self.head = nn.Linear(width, 1)
        self.act = nn.Tanh()

    def forward(self, x):
        x = self.inp(x)
        for layer in self.hidden:
            x = self.act(layer(x))
        return self.head(x)


model = DeepNet()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
x = torch.rand(256, 2)
y = torch.sin(x[:, :1]) * torch.cos(x[:, 1:])
for step in range(1000):
    optimizer.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()
