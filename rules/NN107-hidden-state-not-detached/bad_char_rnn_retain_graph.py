"""Character-level language model trained with truncated BPTT over one long text."""

import torch
import torch.nn as nn


class CharRNN(nn.Module):
    def __init__(self, vocab_size, hidden_size=256, num_layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, hidden_size)
        self.lstm = nn.LSTM(hidden_size, hidden_size, num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, x, state):
        out, state = self.lstm(self.embed(x), state)
        return self.head(out), state


def batches(data, seq_len):
    for i in range(0, data.size(1) - seq_len - 1, seq_len):
        yield data[:, i : i + seq_len], data[:, i + 1 : i + 1 + seq_len]


def train(model, data, vocab_size, epochs=10, seq_len=100):
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    criterion = nn.CrossEntropyLoss()
    model.train()
    for epoch in range(epochs):
        state = None
        for inputs, targets in batches(data, seq_len):
            logits, state = model(inputs, state)  # expect: NN107
            loss = criterion(logits.reshape(-1, vocab_size), targets.reshape(-1))
            optimizer.zero_grad()
            loss.backward(retain_graph=True)
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
        print(f"epoch {epoch} loss {loss.item():.3f}")
