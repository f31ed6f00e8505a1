"""Module.to moves in place; assigned tensor moves are fine."""
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, vocab=1000, dim=64):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, dim, batch_first=True)

    def forward(self, tokens):
        out, _ = self.rnn(self.embed(tokens))
        return out[:, -1]


def train(loader, device="cuda", epochs=3):
    encoder = Encoder()
    encoder.to(device)
    head = nn.Linear(64, 2)
    head.cuda()
    head.float()
    params = list(encoder.parameters()) + list(head.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3)
    criterion = nn.CrossEntropyLoss().to(device)
    for epoch in range(epochs):
        encoder.train()
        for tokens, labels in loader:
            tokens = tokens.to(device)
            labels = labels.to(device, non_blocking=True)
            optimizer.zero_grad()
            loss = criterion(head(encoder(tokens)), labels)
            loss.backward()
            nn.utils.clip_grad_norm_(params, max_norm=1.0)
            optimizer.step()
    encoder.cpu()
    return encoder, head
