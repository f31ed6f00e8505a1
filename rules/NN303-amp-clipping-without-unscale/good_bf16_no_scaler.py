"""bfloat16 autocast needs no GradScaler, so clipping directly is right."""

import torch
from torch import nn

model = nn.TransformerEncoderLayer(d_model=512, nhead=8, batch_first=True)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
for step in range(100):
    x = torch.randn(16, 64, 512)
    with torch.autocast("cuda", dtype=torch.bfloat16):
        loss = model(x).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
