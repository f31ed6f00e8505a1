"""PCGrad-style multi-task step: per-task gradients are read, zeroed and written back."""
import torch
from torch import nn

shared = nn.Sequential(nn.Linear(20, 64), nn.ReLU())
heads = nn.ModuleList([nn.Linear(64, 1) for _ in range(2)])
params = list(shared.parameters())
optimizer = torch.optim.SGD(list(shared.parameters()) + list(heads.parameters()), lr=0.01)
batches = [(torch.randn(16, 20), torch.randn(16, 2)) for _ in range(100)]

for x, y in batches:
    features = shared(x)
    task_grads = []
    for t, head in enumerate(heads):
        loss = nn.functional.mse_loss(head(features).squeeze(-1), y[:, t])
        loss.backward(retain_graph=True)
        task_grads.append(torch.cat([p.grad.view(-1) for p in params]))
        optimizer.zero_grad()
    g0, g1 = task_grads
    if torch.dot(g0, g1) < 0:
        g0 = g0 - torch.dot(g0, g1) / g1.norm() ** 2 * g1
    merged = g0 + g1
    offset = 0
    for p in params:
        n = p.numel()
        p.grad = merged[offset : offset + n].view_as(p).clone()
        offset += n
    optimizer.step()
