"""Sigmoid layers separated by batch normalisation, and a sigmoid only at the output."""
import torch.nn as nn
from tensorflow import keras
from tensorflow.keras import layers

normalised = nn.Sequential(
    nn.Linear(64, 64), nn.BatchNorm1d(64), nn.Sigmoid(),
    nn.Linear(64, 64), nn.BatchNorm1d(64), nn.Sigmoid(),
    nn.Linear(64, 64), nn.BatchNorm1d(64), nn.Sigmoid(),
    nn.Linear(64, 1),
)

# Two hidden sigmoid layers and a sigmoid output: below the default depth of three.
shallow = nn.Sequential(
    nn.Linear(30, 16), nn.Sigmoid(),
    nn.Linear(16, 8), nn.Sigmoid(),
    nn.Linear(8, 1), nn.Sigmoid(),
)

autoencoder_decoder = keras.Sequential(
    [
        keras.Input(shape=(32,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(784, activation="sigmoid"),
    ]
)
