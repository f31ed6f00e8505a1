"""Every accepted way to turn autograd off around evaluation."""
import torch
from torch import nn

model = nn.Sequential(nn.Linear(5, 20), nn.ReLU(), nn.Dropout(0.1), nn.Linear(20, 2))
test_batches = [(torch.randn(10, 5), torch.randint(0, 2, (10,))) for _ in range(5)]


@torch.no_grad()
def evaluate(net, batches):
    net.eval()
    return sum((net(x).argmax(1) == y).sum().item() for x, y in batches)


@torch.inference_mode()
def test(net, batches):
    net.eval()
    hits = 0
    for x, y in batches:
        hits += (net(x).argmax(1) == y).sum().item()
    return hits


def validate(net, batches):
    net.eval()
    hits = 0
    with torch.set_grad_enabled(False):
        for x, y in batches:
            hits += (net(x).argmax(1) == y).sum().item()
    return hits


def score(net, batches):
    net.eval()
    return sum((net(x).argmax(1) == y).sum().item() for x, y in batches)


print(evaluate(model, test_batches), test(model, test_batches), validate(model, test_batches))
with torch.no_grad():
    print(score(model, test_batches))
