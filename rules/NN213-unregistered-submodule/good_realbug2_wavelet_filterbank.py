"""Multi-resolution neural filterbank: one wavelet downsampling stage and one learnable 1-D conv per octave."""
import torch
from torch import nn


class HalfbandDown(nn.Module):
    """Low-pass filter then decimate by two (fixed filter taps)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("taps", torch.tensor([[[0.25, 0.5, 0.25]]]))

    def forward(self, x):
        b, c, t = x.shape
        y = nn.functional.conv1d(x.reshape(b * c, 1, t), self.taps, padding=1)
        return y[..., ::2].reshape(b, c, -1)


class FilterbankDirect(nn.Module):
    def __init__(self, in_channels: int, octaves: int, q: int, kernel_size: int = 9):
        super().__init__()
        self.octaves = octaves
        down = []
        conv1d = []
        for _ in range(octaves):
            down.append(HalfbandDown())
            conv = nn.Conv1d(in_channels, in_channels * q, kernel_size, groups=in_channels, padding="same")
            nn.init.normal_(conv.weight)
            conv1d.append(conv)
        self.down = nn.ModuleList(down)
        self.conv1d = nn.ModuleList(conv1d)

    def forward(self, x):
        outputs = []
        for j in range(self.octaves):
            x = self.down[j](x)
            outputs.append(self.conv1d[j](x))
        return outputs


if __name__ == "__main__":
    bank = FilterbankDirect(in_channels=2, octaves=4, q=8)
    optimizer = torch.optim.Adam(bank.parameters(), lr=1e-3)
    signal = torch.randn(3, 2, 2 ** 12)
    for step in range(20):
        optimizer.zero_grad()
        loss = sum(out.pow(2).mean() for out in bank(signal))
        loss.backward()
        optimizer.step()
