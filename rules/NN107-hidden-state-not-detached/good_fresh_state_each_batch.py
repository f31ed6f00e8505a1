"""Sentiment classifier: every batch starts from a fresh state built inside the loop."""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

VOCAB, EMB, HID = 20000, 100, 128


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        self.rnn = nn.LSTM(EMB, HID, batch_first=True)
        self.fc = nn.Linear(HID, 2)

    def init_state(self, batch_size):
        return (torch.zeros(1, batch_size, HID), torch.zeros(1, batch_size, HID))

    def forward(self, x, state):
        _, (h, _) = self.rnn(self.emb(x), state)
        return self.fc(h[-1])


model = Classifier()
loader = DataLoader(TensorDataset(torch.randint(0, VOCAB, (1000, 50)), torch.randint(0, 2, (1000,))), batch_size=32, shuffle=True)
opt = torch.optim.Adam(model.parameters())
for epoch in range(3):
    for x, y in loader:
        state = model.init_state(x.size(0))
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x, state), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
