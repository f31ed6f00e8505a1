"""Part-of-speech tagger: a bidirectional LSTM trained without gradient clipping."""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader


class BiLSTMTagger(nn.Module):
    def __init__(self, vocab_size, tagset_size, embedding_dim=100, hidden_dim=256):
        super().__init__()
        self.embeddings = nn.Embedding(vocab_size, embedding_dim, padding_idx=0)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim // 2, num_layers=2, bidirectional=True, batch_first=True)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentences):
        out, _ = self.lstm(self.embeddings(sentences))
        return self.hidden2tag(out)


def train(train_set, vocab_size, tagset_size, epochs=20):
    model = BiLSTMTagger(vocab_size, tagset_size)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(train_set, batch_size=32, shuffle=True)
    for epoch in range(epochs):
        model.train()
        for words, tags in loader:
            optimizer.zero_grad()
            scores = model(words)
            loss = F.cross_entropy(scores.view(-1, tagset_size), tags.view(-1), ignore_index=0)
            loss.backward()
            optimizer.step()  # expect: NN301
    return model
