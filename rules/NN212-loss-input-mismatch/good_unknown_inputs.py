"""Inputs nnlint cannot see into stay silent: helper outputs, log of probabilities."""
import torch
import torch.nn.functional as F


def nll_from_helper(model, batch):
    log_probs = model.log_prob_head(batch["x"])
    return F.nll_loss(log_probs, batch["y"])


def kl_from_probs(p, q):
    return F.kl_div(torch.log(p + 1e-8), q, reduction="batchmean")
