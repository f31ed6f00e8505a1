"""Seq2seq decoder with teacher forcing: the state is carried across time steps of one
sequence and there is one backward per batch, which is ordinary backpropagation through time."""

import torch
from torch import nn


class Decoder(nn.Module):
    def __init__(self, vocab, hidden=128):
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        self.cell = nn.GRUCell(hidden, hidden)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, token, h):
        h = self.cell(self.embed(token), h)
        return self.out(h), h


def train_batch(decoder, encoder_state, targets, optimizer, criterion):
    optimizer.zero_grad()
    h = encoder_state
    token = targets[:, 0]
    loss = 0.0
    for t in range(1, targets.size(1)):
        logits, h = decoder(token, h)
        loss = loss + criterion(logits, targets[:, t])
        token = targets[:, t]
    loss.backward()
    nn.utils.clip_grad_norm_(decoder.parameters(), 1.0)
    optimizer.step()
    return loss.item() / targets.size(1)
