"""A notebook-style training cell that plots the loss curve from a list of loss tensors."""
import matplotlib.pyplot as plt
import torch
from torch import nn

x = torch.linspace(-3, 3, 512).unsqueeze(1)
y = torch.sin(x) + 0.1 * torch.randn_like(x)
model = nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.MSELoss()

train_losses = []
smoothed = 0.0
for step in range(2000):
    idx = torch.randint(0, 512, (64,))
    prediction = model(x[idx])
    loss = loss_fn(prediction, y[idx])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    train_losses.append(loss.item())  # expect: NN106
    smoothed = smoothed + (0.01 * loss).item()  # expect: NN106

plt.plot([l.item() for l in train_losses])
plt.title(f"final smoothed loss {float(smoothed):.4f}")
plt.savefig("loss.png")
