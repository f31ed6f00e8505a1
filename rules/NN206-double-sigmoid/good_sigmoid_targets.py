"""Sigmoid in the target argument (soft labels from a teacher) is fine."""
import torch
import torch.nn as nn
import torch.nn.functional as F

teacher = nn.Sequential(nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
student = nn.Sequential(nn.Linear(128, 32), nn.ReLU(), nn.Linear(32, 10))
teacher.eval()
optimizer = torch.optim.SGD(student.parameters(), lr=0.05)


def distill(x):
    with torch.no_grad():
        soft = torch.sigmoid(teacher(x))
    optimizer.zero_grad()
    loss = F.binary_cross_entropy_with_logits(student(x), soft)
    loss.backward()
    optimizer.step()
    return loss.item()
