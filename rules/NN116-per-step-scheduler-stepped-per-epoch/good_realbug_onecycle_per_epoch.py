"""Speech-model trainer with a one-cycle learning-rate schedule."""
import torch
from torch import nn


def train_one_epoch(model, optimizer, scheduler, batches):
    model.train()
    for feats, labels in batches:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(feats), labels)
        loss.backward()
        optimizer.step()
        scheduler.step()
    return loss.item()


def run(model, batches, epochs=30):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3, epochs=epochs, steps_per_epoch=len(batches))
    for epoch in range(epochs):
        loss = train_one_epoch(model, optimizer, scheduler, batches)
        print(f"epoch {epoch}: loss {loss:.3f} lr {scheduler.get_last_lr()[0]:.2e}")


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(80, 256), nn.ReLU(), nn.Linear(256, 50))
    run(net, [(torch.randn(16, 80), torch.randint(0, 50, (16,))) for _ in range(40)])
