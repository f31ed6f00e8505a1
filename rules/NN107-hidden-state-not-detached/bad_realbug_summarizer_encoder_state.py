"""Pointer-generator summarizer: the encoder keeps its hidden state on the module between batches."""
import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self, vocab=5000, emb=128, hidden=256):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True)
        self.hidden = None

    def forward(self, tokens):
        out, self.hidden = self.lstm(self.embed(tokens), self.hidden)  # expect: NN107
        return out


class Summarizer(nn.Module):
    def __init__(self, vocab=5000, hidden=256):
        super().__init__()
        self.encoder = Encoder(vocab, hidden=hidden)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, article):
        return self.out(self.encoder(article)[:, -30:])


def train(model, batches, epochs=3):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for epoch in range(epochs):
        for article, summary in batches:
            optimizer.zero_grad()
            logits = model(article)
            loss = nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), summary.reshape(-1))
            loss.backward(retain_graph=True)
            nn.utils.clip_grad_norm_(model.parameters(), 2.0)
            optimizer.step()
        print(epoch, loss.item())


if __name__ == "__main__":
    data = [(torch.randint(0, 5000, (8, 200)), torch.randint(0, 5000, (8, 30))) for _ in range(10)]
    train(Summarizer(), data)
