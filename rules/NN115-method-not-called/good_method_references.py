"""Methods passed around or stored, not called on the spot: that is fine."""

import functools

import torch
from torch import nn

model = nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# References handed to other code, which calls them later.
hooks = [optimizer.zero_grad, model.eval]
step_fn = functools.partial(optimizer.step)
compiled_forward = torch.compile(model.forward)
callbacks = {"before_epoch": model.train, "after_batch": optimizer.step}


def run(hooks):
    for hook in hooks:
        hook()


run(hooks)
model.eval()
optimizer.zero_grad(set_to_none=True)
