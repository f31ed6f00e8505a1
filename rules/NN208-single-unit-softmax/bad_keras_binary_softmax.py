"""Breast-cancer classifier: one output unit with softmax (always predicts 1.0)."""
import numpy as np
import keras
from keras import layers

x = np.random.rand(569, 30).astype("float32")
y = np.random.randint(0, 2, size=(569,)).astype("float32")

model = keras.Sequential(
    [
        keras.Input(shape=(30,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(8, activation="relu"),
        layers.Dense(1, activation="softmax"),  # expect: NN208
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=50, batch_size=16, validation_split=0.2)

inputs = keras.Input(shape=(30,))
hidden = layers.Dense(16, activation="relu")(inputs)
score = layers.Dense(1)(hidden)  # expect: NN208
prob = layers.Softmax()(score)
functional = keras.Model(inputs, prob)
