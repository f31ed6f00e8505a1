"""Transformer fine-tuning loop that clips before the gradients of this step exist."""

import torch
from torch import nn


def train(model, loader, epochs=3, max_grad_norm=1.0):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    criterion = nn.CrossEntropyLoss()
    model.train()
    for epoch in range(epochs):
        for input_ids, labels in loader:
            optimizer.zero_grad()
            logits = model(input_ids)
            loss = criterion(logits.view(-1, logits.size(-1)), labels.view(-1))
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)  # expect: NN302
            loss.backward()
            optimizer.step()
