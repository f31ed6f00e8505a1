"""SAM's first_step sits between two backward passes; LBFGS steps with a closure."""
import torch
from torch import nn

from sam import SAM

model = nn.Sequential(nn.Linear(10, 50), nn.ReLU(), nn.Linear(50, 1))
base_optimizer = torch.optim.SGD
optimizer = SAM(model.parameters(), base_optimizer, lr=0.05, momentum=0.9)
data = [(torch.randn(32, 10), torch.randn(32, 1)) for _ in range(100)]

model.train()
for x, y in data:
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.first_step(zero_grad=True)
    nn.functional.mse_loss(model(x), y).backward()
    optimizer.second_step(zero_grad=True)

lbfgs = torch.optim.LBFGS(model.parameters())
for x, y in data[:10]:

    def closure():
        lbfgs.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        return loss

    lbfgs.step(closure)
