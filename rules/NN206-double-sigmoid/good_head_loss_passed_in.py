"""A click-through head whose default loss is replaced by the one its caller passes."""
import torch
from torch import nn


class ClickHead(nn.Module):
    def __init__(self, in_features: int, loss: nn.Module = None):
        super().__init__()
        self.score = nn.Sequential(nn.Linear(in_features, 1), nn.Sigmoid())
        self.loss = loss if loss is not None else nn.BCEWithLogitsLoss()

    def forward(self, x):
        return self.score(x).squeeze(-1)


class Ranker(nn.Module):
    def __init__(self, n_features: int = 24):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, 48), nn.ReLU())
        self.head = ClickHead(48, loss=nn.BCELoss())

    def forward(self, x):
        return self.head(self.body(x))


def fit(model, batches, epochs: int = 3):
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(epochs):
        for features, clicked in batches:
            optimizer.zero_grad()
            loss = model.head.loss(model(features), clicked)
            loss.backward()
            optimizer.step()
    return loss.item()


if __name__ == "__main__":
    data = [(torch.randn(64, 24), torch.randint(0, 2, (64,)).float()) for _ in range(10)]
    print(fit(Ranker(), data))
