"""Resuming a checkpoint that stores argparse settings: allow-list them instead of unpickling."""
import argparse

import torch
import torch.nn as nn
from torch.serialization import add_safe_globals, safe_globals

# nnlint-test: options = {target-torch-version = "2.4"}

add_safe_globals([argparse.Namespace])


class Decoder(nn.Module):
    def __init__(self, vocab=5000, dim=256):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.proj = nn.Linear(dim, vocab)

    def forward(self, tokens):
        return self.proj(self.embed(tokens))


def resume(path, device="cpu"):
    checkpoint = torch.load(path, map_location=device, weights_only=True)
    args = checkpoint["args"]
    model = Decoder(vocab=args.vocab, dim=args.dim)
    model.load_state_dict(checkpoint["model"])
    return model, args


def resume_scoped(path):
    with safe_globals([argparse.Namespace]):
        return torch.load(path, weights_only=True)


def load_own_cache(path):
    # Written by this process a moment ago; reviewed and suppressed on purpose.
    return torch.load(path)  # noqa: NN602


def export(model, path):
    torch.save(model.state_dict(), path)
    scripted = torch.jit.script(model)
    scripted.save(path + ".ts")
    return torch.jit.load(path + ".ts")
