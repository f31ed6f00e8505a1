"""Depthwise-separable convolutions: a grouped conv then a 1x1 conv, linear on purpose."""
import torch.nn as nn
import keras
from keras import layers


class SeparableConv(nn.Module):
    def __init__(self, cin, cout, k=3):
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv2d(cin, cin, k, padding=k // 2, groups=cin, bias=False),
            nn.Conv2d(cin, cout, 1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        return self.block(x)


mobile = keras.Sequential(
    [
        keras.Input(shape=(64, 64, 3)),
        layers.Conv2D(32, 3, strides=2, activation="relu"),
        layers.DepthwiseConv2D(3, padding="same"),
        layers.Conv2D(64, 1, activation="relu"),
        layers.SeparableConv2D(128, 3),
        layers.Conv2D(128, 1, activation="relu"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(10, activation="softmax"),
    ]
)
