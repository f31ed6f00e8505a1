import torch.nn as nn


class BaseModel(nn.Module):
    """Shared behaviour of every network of the package (a torch module, seen from other files)."""

    def num_parameters(self):
        return sum(p.numel() for p in self.parameters())
