# Notebook-style regression training exported to a script.
import numpy as np
import torch
from torch import nn

X = torch.tensor(np.random.rand(512, 8), dtype=torch.float32)
y = X.sum(dim=1, keepdim=True) + 0.1 * torch.randn(512, 1)

model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.5)
loss_fn = nn.MSELoss()

for epoch in range(100):
    for i in range(0, len(X), 64):
        xb, yb = X[i : i + 64], y[i : i + 64]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
    sched.step()  # expect: NN115
    if epoch % 10 == 0:
        print(epoch, loss.item())

model.train()  # expect: NN115
