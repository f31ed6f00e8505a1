"""A ViT adapted to a new label set after the optimizer was built."""

import timm
import torch
from torch import nn


def build(num_classes, lr=1e-4):
    model = timm.create_model("vit_base_patch16_224", pretrained=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.05)
    model.head = nn.Linear(model.head.in_features, num_classes)  # expect: NN306
    return model, optimizer


def train(loader, num_classes, epochs=10):
    model, optimizer = build(num_classes)
    for epoch in range(epochs):
        model.train()
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
