"""Engines that own zero_grad and step: DeepSpeed, and an LBFGS closure that clears itself."""
import deepspeed
import torch
from torch import nn

model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 1))
model_engine, optimizer, _, _ = deepspeed.initialize(model=model, model_parameters=model.parameters(), config="ds_config.json")
data = [(torch.randn(8, 16), torch.randn(8, 1)) for _ in range(100)]

for inputs, targets in data:
    outputs = model_engine(inputs)
    loss = nn.functional.mse_loss(outputs, targets)
    model_engine.backward(loss)
    model_engine.step()

small = nn.Linear(16, 1)
lbfgs = torch.optim.LBFGS(small.parameters(), lr=0.5, max_iter=20)
inputs, targets = data[0]


def closure():
    lbfgs.zero_grad()
    loss = nn.functional.mse_loss(small(inputs), targets)
    loss.backward()
    return loss


for _ in range(10):
    lbfgs.step(closure)
