"""nn.Softmax2d and F.gumbel_softmax have their own defaults."""
import torch.nn as nn
import torch.nn.functional as F

segmentation_probs = nn.Softmax2d()


def sample(logits, tau=1.0):
    return F.gumbel_softmax(logits, tau=tau, hard=True)


def wrapped(x, **kwargs):
    return F.softmax(x, **kwargs)
