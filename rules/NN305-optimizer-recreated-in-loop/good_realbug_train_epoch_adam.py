"""Train a neural process on environmental tasks, one call of train_epoch per epoch."""
import torch
from torch import nn


class ConvNP(nn.Module):
    def __init__(self, channels: int = 32):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(2, channels, 5, padding=2), nn.ReLU(), nn.Conv2d(channels, channels, 5, padding=2), nn.ReLU())
        self.decoder = nn.Conv2d(channels, 2, 1)

    def forward(self, context):
        out = self.decoder(self.encoder(context))
        return out[:, :1], nn.functional.softplus(out[:, 1:]) + 1e-3


class Trainer:
    def __init__(self, model, lr=5e-5):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)

    def __call__(self, tasks, batch_size=4):
        return train_epoch(self.model, self.opt, tasks, batch_size)


def train_epoch(model, opt, tasks, batch_size=4):
    batch_losses = []
    for i in range(0, len(tasks), batch_size):
        opt.zero_grad()
        losses = []
        for context, target in tasks[i:i + batch_size]:
            mean, std = model(context)
            losses.append(-torch.distributions.Normal(mean, std).log_prob(target).mean())
        loss = torch.stack(losses).mean()
        loss.backward()
        opt.step()
        batch_losses.append(loss.item())
    return batch_losses


if __name__ == "__main__":
    model = ConvNP()
    model.train()
    train_tasks = [(torch.randn(1, 2, 32, 32), torch.randn(1, 1, 32, 32)) for _ in range(40)]
    trainer = Trainer(model)
    for epoch in range(30):
        losses = trainer(train_tasks)
        print(epoch, sum(losses) / len(losses))
