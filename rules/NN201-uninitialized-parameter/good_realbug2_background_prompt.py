"""Zero-shot temporal action localisation: snippet features matched against class text embeddings plus a background slot."""
import torch
import torch.nn.functional as F
from torch import nn


class ActionLocaliser(nn.Module):
    def __init__(self, text_embeddings: torch.Tensor, feat_dim: int = 2048, embed_dim: int = 512):
        super().__init__()
        self.register_buffer("text_embeddings", text_embeddings)
        self.bg_embeddings = nn.Parameter(torch.rand(1, embed_dim))
        self.proj = nn.Sequential(
            nn.Conv1d(feat_dim, embed_dim, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv1d(embed_dim, embed_dim, kernel_size=1),
        )
        self.logit_scale = nn.Parameter(torch.tensor(4.6))

    def forward(self, snippets):
        feats = F.normalize(self.proj(snippets).transpose(1, 2), dim=-1)
        classes = F.normalize(torch.cat([self.bg_embeddings, self.text_embeddings]), dim=-1)
        return self.logit_scale.exp() * feats @ classes.t()


def train(model, loader, epochs: int = 10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-4)
    model.train()
    for epoch in range(epochs):
        for snippets, labels in loader:
            optimizer.zero_grad()
            logits = model(snippets)
            loss = F.cross_entropy(logits.flatten(0, 1), labels.flatten())
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch}: loss {loss.item():.4f}")


if __name__ == "__main__":
    net = ActionLocaliser(torch.randn(20, 512))
    data = [(torch.randn(4, 2048, 100), torch.randint(0, 21, (4, 100))) for _ in range(10)]
    train(net, data)
