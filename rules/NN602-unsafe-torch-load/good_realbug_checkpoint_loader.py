"""Load a fine-tuning checkpoint (model weights, optimizer state, step) produced by a previous run."""
from pathlib import Path

import torch
from torch import nn


class FullModelCheckpointer:
    def __init__(self, checkpoint_dir: str, checkpoint_file: str):
        self.path = Path(checkpoint_dir) / checkpoint_file

    def load_checkpoint(self):
        state_dict = torch.load(self.path, map_location="cpu", mmap=True, weights_only=True)
        return state_dict["model"], state_dict.get("optimizer"), state_dict.get("step", 0)


def resume(model: nn.Module, optimizer, checkpointer: FullModelCheckpointer):
    model_state, opt_state, step = checkpointer.load_checkpoint()
    model.load_state_dict(model_state)
    if opt_state is not None:
        optimizer.load_state_dict(opt_state)
    return step


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 2))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4)
    print("resuming at step", resume(net, opt, FullModelCheckpointer("/tmp/ckpt", "model_0.pt")))
