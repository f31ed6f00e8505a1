"""Steps that are not opt.step(): torch_xla, SAM's two phases, and an imported helper."""
import torch
import torch_xla.core.xla_model as xm
from torch import nn

from trainer_utils import apply_update
from sam import SAM

device = xm.xla_device()
model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 2)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
batches = [(torch.randn(8, 32).to(device), torch.randint(0, 2, (8,)).to(device)) for _ in range(20)]

for x, y in batches:
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(x), y).backward()
    xm.optimizer_step(optimizer)

sam_optimizer = SAM(model.parameters(), torch.optim.SGD, lr=0.1, momentum=0.9)
for x, y in batches:
    nn.functional.cross_entropy(model(x), y).backward()
    sam_optimizer.first_step(zero_grad=True)
    nn.functional.cross_entropy(model(x), y).backward()
    sam_optimizer.second_step(zero_grad=True)

for x, y in batches:
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(x), y).backward()
    apply_update(optimizer, max_norm=1.0)
