"""Sentiment model whose Adam state is thrown away at the start of every epoch."""

import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class TextCNN(nn.Module):
    def __init__(self, vocab, dim=128, classes=2):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.conv = nn.Conv1d(dim, 100, 5)
        self.fc = nn.Linear(100, classes)

    def forward(self, x):
        h = torch.relu(self.conv(self.emb(x).transpose(1, 2)))
        return self.fc(h.max(dim=2).values)


def train(dataset, vocab, epochs=10, lr=1e-3):
    model = TextCNN(vocab)
    loader = DataLoader(dataset, batch_size=64, shuffle=True)
    for epoch in range(epochs):
        optimizer = torch.optim.Adam(model.parameters(), lr=lr * 0.9**epoch)  # expect: NN305
        model.train()
        for x, y in loader:
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
    return model
