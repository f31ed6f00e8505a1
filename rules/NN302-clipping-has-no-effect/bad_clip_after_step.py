"""Policy-gradient agent: the clip call runs after the update has already been applied."""

import torch
import torch.nn as nn

policy = nn.Sequential(nn.Linear(8, 64), nn.Tanh(), nn.Linear(64, 4))
optimizer = torch.optim.Adam(policy.parameters(), lr=3e-4)

for episode in range(1000):
    obs = torch.randn(200, 8)
    returns = torch.randn(200)
    log_probs = torch.log_softmax(policy(obs), dim=-1)
    actions = torch.randint(0, 4, (200,))
    loss = -(log_probs.gather(1, actions[:, None]).squeeze(1) * returns).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    nn.utils.clip_grad_norm_(policy.parameters(), 0.5)  # expect: NN302
