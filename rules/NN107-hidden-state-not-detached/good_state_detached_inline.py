"""Streaming speech model: the state is carried but detached in place every chunk."""

import torch
import torch.nn as nn

model = nn.LSTM(input_size=80, hidden_size=320, num_layers=3, batch_first=True)
head = nn.Linear(320, 29)
params = list(model.parameters()) + list(head.parameters())
optimizer = torch.optim.Adam(params, lr=1e-3)
ctc = nn.CTCLoss(blank=0)

features = torch.randn(8, 4000, 80)
state = None
for chunk in features.split(400, dim=1):
    if state is not None:
        state = tuple(s.detach() for s in state)
    out, state = model(chunk, state)
    log_probs = head(out).log_softmax(dim=-1).transpose(0, 1)
    loss = ctc(log_probs, torch.randint(1, 29, (8, 20)), torch.full((8,), chunk.size(1)), torch.full((8,), 20))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 400.0)
    optimizer.step()
