"""Neural matrix factorisation for implicit feedback, trained with negative sampling."""
import torch
from torch import nn


class NeuMF(nn.Module):
    def __init__(self, n_users: int, n_items: int, factors: int = 32):
        super().__init__()
        self.user_gmf = nn.Embedding(n_users, factors)
        self.item_gmf = nn.Embedding(n_items, factors)
        self.user_mlp = nn.Embedding(n_users, factors)
        self.item_mlp = nn.Embedding(n_items, factors)
        self.mlp = nn.Sequential(nn.Linear(2 * factors, factors), nn.ReLU(), nn.Linear(factors, factors // 2), nn.ReLU())
        self.predict_layer = nn.Linear(factors + factors // 2, 1)

    def forward(self, user, item):
        gmf = self.user_gmf(user) * self.item_gmf(item)
        mlp = self.mlp(torch.cat([self.user_mlp(user), self.item_mlp(item)], dim=-1))
        prediction = self.predict_layer(torch.cat([gmf, mlp], dim=-1))
        return torch.sigmoid(prediction.view(-1))


def fit(model, samples, epochs=10, lr=1e-3):
    criterion = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for epoch in range(epochs):
        for user, item, label in samples:
            optimizer.zero_grad()
            prediction = model(user, item)
            loss = criterion(prediction, label)  # expect: NN206
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch}: loss {loss.item():.4f}")


if __name__ == "__main__":
    samples = [(torch.randint(0, 943, (256,)), torch.randint(0, 1682, (256,)), torch.randint(0, 2, (256,)).float()) for _ in range(50)]
    fit(NeuMF(943, 1682), samples)
