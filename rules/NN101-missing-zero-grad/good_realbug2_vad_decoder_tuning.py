"""Fine-tuning the decoder of a frozen voice-activity model: the encoder runs chunk by chunk with a carried state."""
import torch
from torch import nn


class AverageMeter:
    def __init__(self):
        self.sum, self.count = 0.0, 0

    def update(self, val, n=1):
        self.sum += val * n
        self.count += n

    @property
    def avg(self):
        return self.sum / max(self.count, 1)


class Decoder(nn.Module):
    def __init__(self, dim: int = 128):
        super().__init__()
        self.rnn = nn.GRUCell(dim, dim)
        self.head = nn.Sequential(nn.ReLU(), nn.Conv1d(dim, 1, 1), nn.Sigmoid())

    def forward(self, feats, state):
        state = self.rnn(feats.mean(-1), state)
        return self.head(state.unsqueeze(-1)), state


def train(loader, encoder, decoder, criterion, optimizer, context_size: int = 64, num_samples: int = 512):
    losses = AverageMeter()
    decoder.train()
    for x, targets, masks in loader:
        x = nn.functional.pad(x, (context_size, 0))
        outs, state = [], None
        for i in range(context_size, x.shape[1], num_samples):
            with torch.no_grad():
                feats = encoder(x[:, None, i - context_size:i + num_samples])
            out, state = decoder(feats, state)
            outs.append(out)
        stacked = torch.cat(outs, dim=2).squeeze(1)
        loss = (criterion(stacked, targets) * masks).mean()
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(decoder.parameters(), 1.0)
        optimizer.step()
        losses.update(loss.item(), masks.numel())
    return losses.avg


if __name__ == "__main__":
    enc = nn.Conv1d(1, 128, 65, stride=32).eval()
    dec = Decoder()
    opt = torch.optim.Adam(dec.parameters(), lr=1e-3)
    batches = [(torch.randn(4, 4096), torch.rand(4, 8).round(), torch.ones(4, 8)) for _ in range(10)]
    for epoch in range(3):
        print(epoch, train(batches, enc, dec, nn.BCELoss(reduction="none"), opt))
