"""A binary-output head block whose default loss does not match its sigmoid output."""
import torch
from torch import nn


class BinaryOutput(nn.Module):
    def __init__(self, in_features: int, loss: nn.Module = None):
        super().__init__()
        self.to_prob = nn.Sequential(nn.Linear(in_features, 1), nn.Sigmoid())
        self.loss = loss if loss is not None else nn.BCEWithLogitsLoss()

    def forward(self, x):
        return self.to_prob(x).squeeze(-1)


class RankingModel(nn.Module):
    def __init__(self, n_features: int = 32):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.head = BinaryOutput(32)

    def forward(self, x):
        return self.head(self.body(x))


def train(model, batches):
    optimizer = torch.optim.Adagrad(model.parameters(), lr=0.05)
    model.train()
    for features, clicked in batches:
        optimizer.zero_grad()
        probs = model(features)
        loss = model.head.loss(probs, clicked)  # expect: NN206
        loss.backward()
        optimizer.step()
    return loss.item()


if __name__ == "__main__":
    print(train(RankingModel(), [(torch.randn(128, 32), torch.randint(0, 2, (128,)).float()) for _ in range(40)]))
