"""An Updater object owning the optimizer and the grad scaler of a speech training engine."""
import torch
from torch import nn


class Updater:
    def __init__(self, model: nn.Module, lr: float = 1e-3, gradient_clip_global_norm: float = 5.0, use_amp: bool = True):
        self.model = model
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        self.grad_scaler = torch.amp.GradScaler("cuda", enabled=use_amp)
        self.gradient_clip_global_norm = gradient_clip_global_norm

    def update_params(self, loss):
        self.optimizer.zero_grad()
        self.grad_scaler.scale(loss).backward()
        if self.gradient_clip_global_norm:
            self.grad_scaler.unscale_(self.optimizer)
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.gradient_clip_global_norm)
        self.grad_scaler.step(self.optimizer)
        self.grad_scaler.update()


def train(model, batches, epochs=2):
    updater = Updater(model)
    model.train()
    for _ in range(epochs):
        for feats, targets in batches:
            with torch.autocast("cuda", dtype=torch.float16):
                loss = nn.functional.cross_entropy(model(feats.cuda()), targets.cuda())
            updater.update_params(loss)


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(80, 512), nn.ReLU(), nn.Linear(512, 100)).cuda()
    train(net, [(torch.randn(32, 80), torch.randint(0, 100, (32,))) for _ in range(10)])
