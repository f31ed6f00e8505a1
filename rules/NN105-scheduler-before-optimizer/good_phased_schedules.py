"""Training in phases: each phase steps its own scheduler after its optimizer has stepped,
and the warm-up phase steps the scheduler of an optimizer it does not train."""
import torch
import torch.nn.functional as F
from torch import nn

model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 3))
head_optimizer = torch.optim.SGD(model[2].parameters(), lr=0.1)
joint_optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
joint_scheduler = torch.optim.lr_scheduler.StepLR(joint_optimizer, step_size=5, gamma=0.5)
head_scheduler = torch.optim.lr_scheduler.ExponentialLR(head_optimizer, gamma=0.9)


def train_epoch(loader, optimizer):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()


def run(loader, epochs=20, warm_epochs=3):
    for epoch in range(epochs):
        if epoch < warm_epochs:
            head_scheduler.step()
            train_epoch(loader, joint_optimizer)
        else:
            train_epoch(loader, joint_optimizer)
            joint_scheduler.step()
