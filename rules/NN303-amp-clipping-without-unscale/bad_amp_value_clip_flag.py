"""Language-model pretraining with an AMP flag: clipping still happens before unscale_."""

import torch
import torch.nn.functional as F

USE_AMP = torch.cuda.is_available()
model = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(256, 4, batch_first=True), 4)
head = torch.nn.Linear(256, 1000)
params = list(model.parameters()) + list(head.parameters())
optimizer = torch.optim.AdamW(params, lr=6e-4)
scaler = torch.cuda.amp.GradScaler(enabled=USE_AMP)

for it in range(5000):
    x = torch.randn(8, 128, 256)
    y = torch.randint(0, 1000, (8, 128))
    with torch.autocast("cuda", enabled=USE_AMP):
        loss = F.cross_entropy(head(model(x)).view(-1, 1000), y.view(-1))
    optimizer.zero_grad(set_to_none=True)
    scaler.scale(loss).backward()
    torch.nn.utils.clip_grad_value_(params, 0.5)  # expect: NN303
    scaler.step(optimizer)
    scaler.update()
