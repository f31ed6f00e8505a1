"""Move or cast the data before wrapping it, create it on the device, or move the module."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ModelWithTemperature(nn.Module):
    def __init__(self, model, device):
        super().__init__()
        self.model = model
        self.temperature = nn.Parameter(torch.ones(1).cuda() * 1.5)
        self.bias = nn.Parameter(torch.zeros(1, device=device))
        self.scale = nn.Parameter(torch.ones(1).to(device=device, dtype=torch.float64))

    def forward(self, x):
        return self.model(x) / self.temperature * self.scale.float() + self.bias


class Gate(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gate = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        return x * torch.sigmoid(self.gate)


gate = Gate(16).to(device)
