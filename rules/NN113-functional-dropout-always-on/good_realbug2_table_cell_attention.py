"""Table structure recognition: graph attention over text cells, with masked softmax and residual feed-forward blocks."""
import torch
from torch import nn


class CellAttention(nn.Module):
    def __init__(self, size: int, hidden: int = 256):
        super().__init__()
        self.q = nn.Linear(size, hidden)
        self.k = nn.Linear(size, hidden)
        self.v = nn.Linear(size, size)
        self.layer_norm_1 = nn.LayerNorm(size)
        self.feed_forward = nn.Sequential(nn.Linear(size, size * 2), nn.ReLU(), nn.Linear(size * 2, size))
        self.layer_norm_2 = nn.LayerNorm(size)
        self.d_rate = 0.4
        self.dropout = nn.Dropout(self.d_rate)

    @staticmethod
    def masked_softmax(x, mask, dim):
        ex = torch.exp(x - x.max(dim=dim, keepdim=True).values) * mask
        return ex / (ex.sum(dim=dim, keepdim=True) + 1e-9)

    def forward(self, x, adjacency):
        score = self.q(x) @ self.k(x).t() / self.q.out_features ** 0.5
        score = self.masked_softmax(score, adjacency, dim=1)
        x_atten = score @ self.v(x)
        x_atten = self.dropout(x_atten)
        x = self.layer_norm_1(x + x_atten)
        x_linear = self.dropout(self.feed_forward(x))
        return self.layer_norm_2(x + x_linear)


class RelationClassifier(nn.Module):
    def __init__(self, size: int = 64, n_layers: int = 3, n_relations: int = 3):
        super().__init__()
        self.layers = nn.ModuleList(CellAttention(size) for _ in range(n_layers))
        self.out = nn.Linear(2 * size, n_relations)

    def forward(self, cells, adjacency, pairs):
        for layer in self.layers:
            cells = layer(cells, adjacency)
        return self.out(torch.cat([cells[pairs[:, 0]], cells[pairs[:, 1]]], dim=1))


if __name__ == "__main__":
    model = RelationClassifier()
    model.eval()
    with torch.no_grad():
        cells, adj = torch.randn(30, 64), (torch.rand(30, 30) > 0.7).float()
        print(model(cells, adj, torch.randint(0, 30, (50, 2))).argmax(1))
