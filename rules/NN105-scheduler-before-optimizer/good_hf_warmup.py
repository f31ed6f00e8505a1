"""Transformers warm-up schedule stepped after the optimizer, and an imported epoch trainer."""
import torch
from torch import nn
from transformers import get_linear_schedule_with_warmup

from engine import train_one_epoch

model = nn.Sequential(nn.Embedding(30522, 128), nn.Flatten(), nn.Linear(128 * 16, 2))
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
batches = [(torch.randint(0, 30522, (8, 16)), torch.randint(0, 2, (8,))) for _ in range(100)]
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=10, num_training_steps=3 * len(batches))

for epoch in range(3):
    model.train()
    for input_ids, labels in batches:
        loss = nn.functional.cross_entropy(model(input_ids), labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()

epoch_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
for epoch in range(3):
    epoch_scheduler.step()
    train_one_epoch(model, optimizer, batches)
