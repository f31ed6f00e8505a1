"""Attributes that only share a name: assignments, comparisons, getattr."""

import torch
from torch import nn


class Trainer:
    def __init__(self, model, step=0):
        self.model = model
        self.step = step
        self.train = True

    def is_training(self):
        return self.model.training and self.train

    def advance(self):
        self.step += 1
        return self.step


trainer = Trainer(nn.Linear(2, 2))
trainer.advance()
print(trainer.step)
if trainer.train:
    trainer.model.train()
method = getattr(trainer.model, "eval")
method()
