"""Stock-price forecaster: a GRU whose hidden state is carried across mini-batches."""

import torch
from torch import nn

SEQ, FEATURES, HIDDEN = 30, 5, 64


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(FEATURES, HIDDEN, batch_first=True)
        self.out = nn.Linear(HIDDEN, 1)

    def forward(self, x, h):
        y, h = self.gru(x, h)
        return self.out(y[:, -1]), h


model = Forecaster()
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
loss_fn = nn.MSELoss()
series = torch.randn(64, 2000, FEATURES)
target = torch.randn(64, 2000 // SEQ, 1)

h = torch.zeros(1, 64, HIDDEN)
for step in range(2000 // SEQ):
    window = series[:, step * SEQ : (step + 1) * SEQ]
    optimizer.zero_grad()
    pred, h = model(window, h)  # expect: NN107
    loss = loss_fn(pred, target[:, step])
    loss.backward(retain_graph=True)
    torch.nn.utils.clip_grad_value_(model.parameters(), 1.0)
    optimizer.step()
