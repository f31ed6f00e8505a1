"""Knowledge distillation with KLDivLoss: probabilities as input and the default reduction."""
import torch
import torch.nn as nn
import torch.nn.functional as F

teacher = nn.Sequential(nn.Linear(784, 1200), nn.ReLU(), nn.Linear(1200, 10))
student = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10))
teacher.eval()
kl = nn.KLDivLoss()
optimizer = torch.optim.Adam(student.parameters(), lr=1e-3)
T = 4.0


def distill_step(x, y):
    with torch.no_grad():
        teacher_probs = F.softmax(teacher(x) / T, dim=1)
    optimizer.zero_grad()
    student_log_probs = F.log_softmax(student(x) / T, dim=1)
    soft = kl(student_log_probs, teacher_probs) * T * T  # expect: NN212
    hard = F.cross_entropy(student(x), y)
    loss = 0.9 * soft + 0.1 * hard
    loss.backward()
    optimizer.step()


def symmetric_kl(p_logits, q_logits):
    p = F.softmax(p_logits, dim=-1)
    q = F.softmax(q_logits, dim=-1)
    return F.kl_div(p, q, reduction="batchmean")  # expect: NN212
