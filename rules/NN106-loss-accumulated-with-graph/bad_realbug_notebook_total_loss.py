"""Notebook: train a policy network to imitate an expert controller on simulated states."""
import torch
from torch import nn

obs_size, act_size = 87, 8
states = torch.randn(20000, obs_size)
expert_actions = torch.tanh(states[:, :act_size])

model = nn.Sequential(nn.Linear(obs_size, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, act_size))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
criterion = nn.MSELoss()

history = []
for epoch in range(20):
    total_loss = 0
    perm = torch.randperm(states.size(0))
    for i in range(0, states.size(0), 512):
        idx = perm[i:i + 512]
        optimizer.zero_grad()
        output = model(states[idx])
        loss = criterion(output, expert_actions[idx])
        loss.backward()
        optimizer.step()
        total_loss += loss  # expect: NN106
    history.append(total_loss / (states.size(0) // 512))
    print(f"epoch {epoch}: {history[-1]:.5f}")
