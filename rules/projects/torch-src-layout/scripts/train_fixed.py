"""The same training, with the evaluation helper that switches to eval mode and back."""
import torch

from visionlab import evaluate_in_eval_mode, train_one_epoch
from visionlab.models import SmallResNet
from visionlab.optim import build_optimizer


def run(train_loader, val_loader, epochs=10):
    device = torch.device("cpu")
    model = SmallResNet().to(device)
    optimizer = build_optimizer(model, 0.05)
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, optimizer, device)
        print(epoch, evaluate_in_eval_mode(model, val_loader, device))
