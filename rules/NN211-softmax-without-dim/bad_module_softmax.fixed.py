"""nn.Softmax() and nn.LogSoftmax() modules without dim."""
import torch.nn as nn
from torch.nn import functional as F

classifier = nn.Sequential(
    nn.Linear(300, 100),
    nn.ReLU(),
    nn.Linear(100, 5),
    nn.LogSoftmax(dim=-1),  # expect: NN211
)
scorer = nn.Sequential(nn.Linear(300, 5), nn.Softmax(dim=-1))  # expect: NN211


def temperature_probs(logits, t=2.0):
    return F.softmin(-logits / t, dim=-1)  # expect: NN211
