"""Pick the answer among candidate entities: a scorer over candidate embeddings trained with cross entropy."""
import torch
from torch import nn


class CandidateScorer(nn.Module):
    def __init__(self, dim: int = 768, hidden: int = 256):
        super().__init__()
        self.query_proj = nn.Linear(dim, hidden)
        self.cand_proj = nn.Linear(dim, hidden)
        self.score = nn.Linear(hidden, 1)

    def forward(self, query, candidates):
        h = torch.tanh(self.query_proj(query).unsqueeze(1) + self.cand_proj(candidates))
        scores = self.score(h).squeeze(-1)
        return torch.softmax(scores, dim=-1)


def train(model, batches, epochs=5):
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    model.train()
    for epoch in range(epochs):
        for query, candidates, answer in batches:
            optimizer.zero_grad()
            scores = model(query, candidates)
            loss = criterion(scores, answer)  # expect: NN205
            loss.backward()
            optimizer.step()
        print(epoch, loss.item())


if __name__ == "__main__":
    batches = [(torch.randn(16, 768), torch.randn(16, 40, 768), torch.randint(0, 40, (16,))) for _ in range(30)]
    train(CandidateScorer(), batches)
