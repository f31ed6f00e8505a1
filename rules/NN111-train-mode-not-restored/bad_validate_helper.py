"""The validation helper switches to eval; the training helper assumes training mode."""
import torch
from torch import nn


class TabularNet(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_in, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, n_out))

    def forward(self, x):
        return self.net(x)


def train_epoch(model, batches, optimizer):
    for x, y in batches:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


def validate(model, batches):
    model.eval()  # expect: NN111
    with torch.no_grad():
        losses = [nn.functional.cross_entropy(model(x), y).item() for x, y in batches]
    return sum(losses) / len(losses)


def main():
    model = TabularNet(30, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    train_batches = [(torch.randn(64, 30), torch.randint(0, 2, (64,))) for _ in range(40)]
    val_batches = [(torch.randn(64, 30), torch.randint(0, 2, (64,))) for _ in range(8)]
    for epoch in range(30):
        train_epoch(model, train_batches, optimizer)
        print(f"epoch {epoch}: val loss {validate(model, val_batches):.4f}")


if __name__ == "__main__":
    main()
