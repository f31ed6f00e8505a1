"""Loading checkpoints safely: weights_only=True, TorchScript, safetensors."""
import torch
import torch.nn as nn
from safetensors.torch import load_file

# nnlint-test: options = {target-torch-version = "2.1"}


class TinyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(16, 32), nn.GELU(), nn.Linear(32, 2))

    def forward(self, x):
        return self.body(x)


def load_everything(path, url, device="cpu"):
    model = TinyNet()
    model.load_state_dict(torch.load(path, map_location=device, weights_only=True))
    remote = torch.hub.load_state_dict_from_url(url, map_location=device, weights_only=True)
    scripted = torch.jit.load("model.ts", map_location=device)
    tensors = load_file("model.safetensors", device=device)
    model.load_state_dict(tensors, strict=False)
    return model, remote, scripted


def load_with_settings(path, **load_kwargs):
    # Forwarded keyword arguments may carry weights_only: unknown, so silent.
    return torch.load(path, **load_kwargs)


def load_configurable(path, trusted: bool):
    return torch.load(path, weights_only=not trusted)


def load_pretrained(url, model_dir=None):
    try:
        return torch.hub.load_state_dict_from_url(url, map_location="cpu", weights_only=True, model_dir=model_dir)
    except TypeError:
        # PyTorch builds without the weights_only argument.
        return torch.hub.load_state_dict_from_url(url, map_location="cpu", model_dir=model_dir)
