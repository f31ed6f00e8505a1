"""KL divergence done right: log-probabilities in, batchmean or sum reduction, log_target."""
import torch.nn as nn
import torch.nn.functional as F

kl = nn.KLDivLoss(reduction="batchmean")
kl_log = nn.KLDivLoss(reduction="batchmean", log_target=True)
kl_sum = nn.KLDivLoss(reduction="sum")


def distillation_loss(student_logits, teacher_logits, T=2.0):
    s = F.log_softmax(student_logits / T, dim=-1)
    t = F.softmax(teacher_logits / T, dim=-1)
    return kl(s, t) * T * T


def log_target_loss(student_logits, teacher_logits):
    return kl_log(F.log_softmax(student_logits, dim=-1), F.log_softmax(teacher_logits, dim=-1))


def vae_style(mu_logits, prior):
    return kl_sum(F.log_softmax(mu_logits, dim=-1), prior) / mu_logits.size(0)
