"""log_softmax into CrossEntropyLoss (same loss as logits) and softmax in the target (distillation)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Student(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(784, 256), nn.ReLU())
        self.head = nn.Linear(256, 10)

    def forward(self, x):
        return F.log_softmax(self.head(self.body(x)), dim=-1)


student = Student()
teacher = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 10))
teacher.eval()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(student.parameters(), lr=1e-3)


def distill_step(x, y, temperature=4.0):
    with torch.no_grad():
        soft_targets = F.softmax(teacher(x) / temperature, dim=-1)
    optimizer.zero_grad()
    log_probs = student(x)
    hard = criterion(log_probs, y)
    soft = F.cross_entropy(log_probs / temperature, soft_targets)
    loss = hard + soft
    loss.backward()
    optimizer.step()
    return loss.item()
