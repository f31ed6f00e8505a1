"""Fixed filters on purpose: a box blur and a moving average, frozen so they never train."""
import torch
from torch import nn
from tensorflow import keras
from tensorflow.keras import layers


class Smoother(nn.Module):
    def __init__(self, channels=3, k=3):
        super().__init__()
        self.blur1 = nn.Conv2d(channels, channels, k, padding=k // 2, groups=channels, bias=False)
        self.blur2 = nn.Conv2d(channels, channels, k, padding=k // 2, groups=channels, bias=False)
        nn.init.constant_(self.blur1.weight, 1.0 / (k * k))
        nn.init.constant_(self.blur2.weight, 1.0 / (k * k))
        for p in self.blur1.parameters():
            p.requires_grad = False
        self.blur2.weight.requires_grad_(False)

    def forward(self, x):
        return self.blur2(self.blur1(x))


def freeze_average(m):
    if isinstance(m, nn.Conv1d):
        nn.init.constant_(m.weight, 0.2)
        m.weight.requires_grad = False


moving_average = nn.Sequential(nn.Conv1d(1, 1, 5, padding=2), nn.ReLU(), nn.Conv1d(1, 1, 5, padding=2))
moving_average.apply(freeze_average)

trend = keras.Sequential(
    [
        keras.Input(shape=(64, 1)),
        layers.Conv1D(1, 5, padding="same", activation="relu", kernel_initializer=keras.initializers.Constant(0.2), trainable=False),
        layers.Conv1D(1, 5, padding="same", kernel_initializer=keras.initializers.Constant(0.2), trainable=False),
    ]
)
