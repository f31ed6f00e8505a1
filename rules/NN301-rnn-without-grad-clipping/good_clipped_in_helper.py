"""LSTM language model whose update helper clips before stepping."""

import torch
from torch import nn


class LM(nn.Module):
    def __init__(self, vocab=10000, dim=512):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.rnn = nn.LSTM(dim, dim, num_layers=2, batch_first=True)
        self.proj = nn.Linear(dim, vocab)

    def forward(self, x):
        return self.proj(self.rnn(self.emb(x))[0])


def update(model, optimizer, loss, max_norm=1.0):
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()


model = LM()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
for step in range(1000):
    tokens = torch.randint(0, 10000, (16, 65))
    logits = model(tokens[:, :-1])
    loss = nn.functional.cross_entropy(logits.reshape(-1, 10000), tokens[:, 1:].reshape(-1))
    update(model, optimizer, loss)
