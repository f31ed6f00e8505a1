"""A trainer class whose update helper runs before the loss is backpropagated."""
import torch
from torch import nn


class Trainer:
    def __init__(self, model, lr=1e-3):
        self.model = model
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        self.criterion = nn.CrossEntropyLoss()

    def update(self):
        self.optimizer.step()
        self.optimizer.zero_grad()

    def fit(self, batches, epochs):
        self.model.train()
        for epoch in range(epochs):
            for x, y in batches:
                self.update()  # expect: NN104
                loss = self.criterion(self.model(x), y)
                loss.backward()
            print(f"epoch {epoch}: loss {loss.item():.3f}")


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))
    data = [(torch.randn(32, 20), torch.randint(0, 3, (32,))) for _ in range(40)]
    Trainer(net).fit(data, epochs=5)
