"""Stacks built through imported names: torch's Sequential under an alias, and tf.keras's
Sequential imported from its module (the activation between the layers was forgotten)."""
import numpy as np
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential
from torch import nn
from torch.nn import Sequential as Stack

encoder = Stack(
    nn.Linear(784, 256),
    nn.Linear(256, 64),  # expect: NN204
    nn.ReLU(),
)

x = np.random.rand(512, 20).astype("float32")
y = (x.sum(axis=1) > 10).astype("float32")
model = Sequential(
    [
        Dense(128, input_shape=(20,)),
        Dense(64),  # expect: NN204
        Dense(1, activation="sigmoid"),  # expect: NN204
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=32)
