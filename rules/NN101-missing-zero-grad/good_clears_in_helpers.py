"""Clearing gradients in every accepted spelling: a helper, model.zero_grad(), p.grad = None,
a wrapper's inner optimizer (the Annotated Transformer's NoamOpt)."""
import torch
from torch import nn


class NoamOpt:
    def __init__(self, d_model, warmup, optimizer):
        self.optimizer = optimizer
        self.d_model = d_model
        self.warmup = warmup
        self._step = 0

    def step(self):
        self._step += 1
        rate = self.d_model ** -0.5 * min(self._step ** -0.5, self._step * self.warmup ** -1.5)
        for group in self.optimizer.param_groups:
            group["lr"] = rate
        self.optimizer.step()


def reset_gradients(model):
    for p in model.parameters():
        p.grad = None


encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(64, 4, batch_first=True), num_layers=2)
head = nn.Linear(64, 10)
opt = NoamOpt(64, 400, torch.optim.Adam(encoder.parameters(), lr=0, betas=(0.9, 0.98)))
head_optimizer = torch.optim.SGD(head.parameters(), lr=0.1)
batches = [(torch.randn(8, 12, 64), torch.randint(0, 10, (8,))) for _ in range(50)]

encoder.train()
head.train()
for src, label in batches:
    reset_gradients(encoder)
    head.zero_grad()
    logits = head(encoder(src).mean(dim=1))
    loss = nn.functional.cross_entropy(logits, label)
    loss.backward()
    opt.step()
    head_optimizer.step()
    opt.optimizer.zero_grad()
