"""Keras text generator: stacked GRUs compiled with an optimizer that does not clip."""

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

vocab_size, seq_len = 5000, 40
x = np.random.randint(0, vocab_size, size=(10000, seq_len))
y = np.random.randint(0, vocab_size, size=(10000,))

model = keras.Sequential(
    [
        layers.Embedding(vocab_size, 128),
        layers.GRU(256, return_sequences=True),
        layers.GRU(256),
        layers.Dense(vocab_size, activation="softmax"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy")  # expect: NN301
model.fit(x, y, batch_size=128, epochs=10)
