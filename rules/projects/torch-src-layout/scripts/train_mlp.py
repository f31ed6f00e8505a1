"""PlainMLP has no dropout and no batch norm: evaluating it in training mode is harmless."""
import torch

from visionlab import evaluate, train_one_epoch
from visionlab.models import PlainMLP


def run(train_loader, val_loader, epochs=5):
    model = PlainMLP()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, optimizer, "cpu")
        print(epoch, evaluate(model, val_loader, "cpu"))
