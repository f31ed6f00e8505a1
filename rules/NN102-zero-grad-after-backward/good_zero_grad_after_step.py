"""zero_grad at the end of the iteration, after the step, and a closure that clears first."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

model = nn.Sequential(nn.Linear(10, 32), nn.Tanh(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loader = DataLoader(TensorDataset(torch.randn(512, 10), torch.randn(512, 1)), batch_size=32, shuffle=True)

for epoch in range(20):
    for x, y in loader:
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

lbfgs = torch.optim.LBFGS(model.parameters(), history_size=10, max_iter=4)
x_all, y_all = loader.dataset.tensors
for _ in range(5):

    def closure():
        lbfgs.zero_grad()
        loss = nn.functional.mse_loss(model(x_all), y_all)
        loss.backward()
        return loss

    lbfgs.step(closure)
