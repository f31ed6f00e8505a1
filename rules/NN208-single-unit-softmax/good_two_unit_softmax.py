"""Two units with softmax for a binary problem is fine."""
import torch.nn as nn
import keras
from keras import layers

torch_head = nn.Sequential(nn.Linear(64, 2), nn.Softmax(dim=-1))
keras_head = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(2, activation="softmax")])
keras_head.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
