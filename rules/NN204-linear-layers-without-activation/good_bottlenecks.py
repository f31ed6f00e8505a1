"""Low-rank factorisations and autoencoder latents: narrower than both neighbours."""
import torch.nn as nn
import keras
from keras import layers


class LoRALinear(nn.Module):
    def __init__(self, d_in, d_out, rank=8):
        super().__init__()
        self.base = nn.Linear(d_in, d_out)
        self.lora = nn.Sequential(nn.Linear(d_in, rank, bias=False), nn.Linear(rank, d_out, bias=False))
        nn.init.zeros_(self.lora[1].weight)

    def forward(self, x):
        return self.base(x) + self.lora(x)


factorised_head = nn.Sequential(nn.Linear(1024, 64), nn.Linear(64, 1000))

autoencoder = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu"),
        layers.Dense(32),
        layers.Dense(256, activation="relu"),
        layers.Dense(784, activation="sigmoid"),
    ]
)
