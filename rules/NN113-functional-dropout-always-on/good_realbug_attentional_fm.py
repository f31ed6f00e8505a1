"""Attentional factorization machine for click-through-rate prediction."""
import torch
import torch.nn.functional as F
from torch import nn


class FeaturesEmbedding(nn.Module):
    def __init__(self, field_dims, embed_dim):
        super().__init__()
        self.embedding = nn.Embedding(sum(field_dims), embed_dim)
        offsets = torch.tensor([0, *field_dims[:-1]]).cumsum(0)
        self.register_buffer("offsets", offsets)
        nn.init.xavier_uniform_(self.embedding.weight)

    def forward(self, x):
        return self.embedding(x + self.offsets.unsqueeze(0))


class AttentionalFactorizationMachine(nn.Module):
    def __init__(self, field_dims, embed_dim=16, attn_size=16, dropouts=(0.2, 0.2)):
        super().__init__()
        self.embedding = FeaturesEmbedding(field_dims, embed_dim)
        self.linear = nn.Embedding(sum(field_dims), 1)
        self.attention = nn.Linear(embed_dim, attn_size)
        self.projection = nn.Linear(attn_size, 1)
        self.fc = nn.Linear(embed_dim, 1)
        self.dropouts = dropouts

    def forward(self, x):
        emb = self.embedding(x)
        n = emb.size(1)
        rows, cols = zip(*[(i, j) for i in range(n - 1) for j in range(i + 1, n)])
        inner = emb[:, list(rows)] * emb[:, list(cols)]
        attn_scores = F.relu(self.attention(inner))
        attn_scores = torch.softmax(self.projection(attn_scores), dim=1)
        attn_scores = F.dropout(attn_scores, p=self.dropouts[0], training=self.training)
        attn_output = torch.sum(attn_scores * inner, dim=1)
        attn_output = F.dropout(attn_output, p=self.dropouts[1], training=self.training)
        return self.fc(attn_output).squeeze(1)


if __name__ == "__main__":
    model = AttentionalFactorizationMachine([10, 20, 30])
    model.eval()
    with torch.no_grad():
        print(torch.sigmoid(model(torch.randint(0, 10, (4, 3)))))
