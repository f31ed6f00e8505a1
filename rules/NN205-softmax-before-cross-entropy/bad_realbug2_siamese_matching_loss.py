"""Graph matching with a siamese GNN: a per-graph loss module that scores every node against every node."""
import torch
from torch import nn


class NodeEmbedder(nn.Module):
    def __init__(self, in_dim: int = 16, hidden: int = 64):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(in_dim, hidden), nn.ReLU(), nn.Linear(hidden, hidden))

    def forward(self, g1, g2):
        e1, e2 = self.net(g1), self.net(g2)
        return torch.bmm(e1, e2.transpose(1, 2))


class MatchingLoss(nn.Module):
    """Each node of the first graph must pick its twin in the second graph."""

    def __init__(self):
        super().__init__()
        self.criterion = nn.CrossEntropyLoss(reduction="sum")

    def forward(self, raw_scores):
        probs = torch.softmax(raw_scores, -1)
        total, count = 0.0, 0
        for scores in probs:
            n_nodes = scores.shape[0]
            target = torch.arange(n_nodes, device=scores.device)
            total = total + self.criterion(scores, target)  # expect-todo: NN205
            count += n_nodes
        return total / count


def train(model, loss_fn, pairs, epochs: int = 10):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for epoch in range(epochs):
        for g1, g2 in pairs:
            optimizer.zero_grad()
            loss = loss_fn(model(g1, g2))
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch}: loss {loss.item():.4f}")


if __name__ == "__main__":
    graphs = [torch.randn(8, 20, 16) for _ in range(25)]
    pairs = [(g, g + 0.05 * torch.randn_like(g)) for g in graphs]
    train(NodeEmbedder(), MatchingLoss(), pairs)
