"""Fine-tuning with an optional schedule kept next to its optimizer in a small wrapper class."""
import torch
from torch import nn


class StepperWithSchedule:
    def __init__(self, optimizer, scheduler=None):
        self.optimizer = optimizer
        self.scheduler = scheduler

    def step(self):
        self.optimizer.step()
        if self.scheduler is not None:
            self.scheduler.step()

    def zero_grad(self):
        self.optimizer.zero_grad()


def build_stepper(model, lr: float, warmup: int, schedule: bool = True) -> StepperWithSchedule:
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup) if schedule else None
    return StepperWithSchedule(optimizer, scheduler)


def fine_tune(model, loader, epochs: int, lr: float = 1e-3):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(epochs):
        model.train()
        for inputs, targets in loader:
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(inputs), targets)
            loss.backward()
            optimizer.step()
        if scheduler:
            scheduler.step()
    return model


def train_with_stepper(model, loader, steps: int):
    stepper = build_stepper(model, lr=3e-4, warmup=10)
    model.train()
    for step, (inputs, targets) in zip(range(steps), loader):
        stepper.zero_grad()
        nn.functional.cross_entropy(model(inputs), targets).backward()
        stepper.step()
    return model
