"""Protein language model with a contact-prediction head over attention maps."""
import torch
from torch import nn


class ContactPredictionHead(nn.Module):
    def __init__(self, in_features: int):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(1, in_features))  # expect: NN201
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, attentions):
        batch, layers, heads, seqlen, _ = attentions.shape
        attn = attentions.view(batch, layers * heads, seqlen, seqlen)
        attn = 0.5 * (attn + attn.transpose(-1, -2))
        features = attn.permute(0, 2, 3, 1)
        return torch.sigmoid(features @ self.weight.t() + self.bias).squeeze(-1)


class TinyProteinLM(nn.Module):
    def __init__(self, vocab: int = 33, dim: int = 64, layers: int = 2, heads: int = 4):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.attn = nn.ModuleList([nn.MultiheadAttention(dim, heads, batch_first=True) for _ in range(layers)])
        self.contact_head = ContactPredictionHead(layers * heads)

    def forward(self, tokens):
        x = self.embed(tokens)
        maps = []
        for layer in self.attn:
            out, weights = layer(x, x, x, average_attn_weights=False)
            x = x + out
            maps.append(weights)
        return self.contact_head(torch.stack(maps, dim=1))


if __name__ == "__main__":
    model = TinyProteinLM()
    model.eval()
    with torch.no_grad():
        print(model(torch.randint(0, 33, (2, 50))).shape)
