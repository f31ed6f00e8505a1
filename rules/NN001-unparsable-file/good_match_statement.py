"""Newer syntax that the running Python understands is parsed normally."""

import torch


def make_optimizer(name, params, lr):
    match name:
        case "sgd":
            return torch.optim.SGD(params, lr=lr, momentum=0.9)
        case "adam":
            return torch.optim.Adam(params, lr=lr)
        case _:
            raise ValueError(f"unknown optimizer {name!r}")
