"""Sentiment classification with a minimal parallel-scan RNN: embeddings, a gated recurrence, a binary head."""
import torch
from torch import nn


class MinGRUCell(nn.Module):
    def __init__(self, units: int, input_size: int):
        super().__init__()
        self.linear_z = nn.Linear(input_size, units)
        self.linear_h = nn.Linear(input_size, units)

    def forward(self, x):
        z = torch.sigmoid(self.linear_z(x))
        h_tilde = self.linear_h(x)
        h = torch.zeros_like(h_tilde[:, 0])
        for t in range(x.shape[1]):
            h = (1 - z[:, t]) * h + z[:, t] * h_tilde[:, t]
        return h


class MinRNN(nn.Module):
    def __init__(self, units: int, embedding_size: int, vocab_size: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_size)
        self.cell = MinGRUCell(units, embedding_size)
        self.classification_model = nn.Sequential(nn.Linear(units, 64), nn.ReLU(), nn.Linear(64, 1), nn.Sigmoid())

    def forward(self, sentence):
        return self.classification_model(self.cell(self.embedding(sentence)))


def train(batches, vocab_size: int, epochs: int = 5):
    model = MinRNN(units=128, embedding_size=100, vocab_size=vocab_size)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    criterion = nn.BCELoss()
    model.train()
    for epoch in range(epochs):
        total = 0.0
        for tokens, labels in batches:
            optimizer.zero_grad()
            outputs = model(tokens).squeeze(-1)
            loss = criterion(outputs, labels)  # expect: NN209
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(f"epoch {epoch}: loss {total / len(batches):.4f}")
    return model


if __name__ == "__main__":
    data = [(torch.randint(0, 5000, (32, 50)), torch.randint(0, 2, (32,)).float()) for _ in range(20)]
    train(data, vocab_size=5000)
