"""Gradient accumulation: zero_grad runs only every `accum_steps` batches, after the step."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

accum_steps = 4
model = nn.Sequential(nn.Linear(32, 128), nn.GELU(), nn.Linear(128, 4))
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
criterion = nn.CrossEntropyLoss()
dataset = TensorDataset(torch.randn(2048, 32), torch.randint(0, 4, (2048,)))
loader = DataLoader(dataset, batch_size=16, shuffle=True)

model.train()
optimizer.zero_grad(set_to_none=True)
for epoch in range(3):
    for step, (x, y) in enumerate(loader):
        loss = criterion(model(x), y) / accum_steps
        loss.backward()
        if (step + 1) % accum_steps == 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
    print(f"epoch {epoch} done, last loss {loss.item() * accum_steps:.3f}")
