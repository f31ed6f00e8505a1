"""GRU trained with accelerate, which clips through the accelerator."""

import torch
from accelerate import Accelerator
from torch import nn

accelerator = Accelerator()
model = nn.GRU(64, 128, batch_first=True)
head = nn.Linear(128, 1)
optimizer = torch.optim.AdamW(list(model.parameters()) + list(head.parameters()), lr=1e-3)
data = [(torch.randn(16, 50, 64), torch.randn(16, 1)) for _ in range(100)]
model, head, optimizer = accelerator.prepare(model, head, optimizer)

for x, y in data:
    out, _ = model(x)
    loss = nn.functional.mse_loss(head(out[:, -1]), y)
    accelerator.backward(loss)
    accelerator.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    optimizer.zero_grad()
