"""dim given positionally or by keyword."""
import torch
import torch.nn as nn
import torch.nn.functional as F

probs = nn.Softmax(1)
log_probs = nn.LogSoftmax(dim=-1)


def attend(scores, values):
    weights = F.softmax(scores, -1)
    return torch.bmm(weights, values)


def normalise(logits):
    return F.log_softmax(logits, 1), torch.softmax(logits, dim=1), logits.softmax(-1)
