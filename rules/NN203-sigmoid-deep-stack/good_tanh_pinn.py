"""A physics-informed network: deep tanh on purpose (tanh is opt-in for this rule)."""
import torch
import torch.nn as nn


def make_mlp(sizes, act=nn.Tanh):
    layers = []
    for i in range(len(sizes) - 2):
        layers += [nn.Linear(sizes[i], sizes[i + 1]), act()]
    layers.append(nn.Linear(sizes[-2], sizes[-1]))
    return nn.Sequential(*layers)


net = make_mlp([2, 50, 50, 50, 50, 50, 1])
explicit = nn.Sequential(
    nn.Linear(2, 50), nn.Tanh(),
    nn.Linear(50, 50), nn.Tanh(),
    nn.Linear(50, 50), nn.Tanh(),
    nn.Linear(50, 50), nn.Tanh(),
    nn.Linear(50, 1),
)
optimizer = torch.optim.LBFGS(net.parameters(), lr=1.0)
xt = torch.rand(512, 2, requires_grad=True)


def closure():
    optimizer.zero_grad()
    u = net(xt)
    grads = torch.autograd.grad(u.sum(), xt, create_graph=True)[0]
    residual = grads[:, 1] - 0.01 * grads[:, 0]
    loss = (residual ** 2).mean()
    loss.backward()
    return loss


for _ in range(50):
    optimizer.step(closure)
