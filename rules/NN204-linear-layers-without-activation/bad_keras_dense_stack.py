"""Keras regression model where the hidden Dense layers have no activation."""
import numpy as np
import keras
from keras import layers

x = np.random.rand(2000, 13).astype("float32")
y = x @ np.random.rand(13, 1).astype("float32")

model = keras.Sequential()
model.add(keras.Input(shape=(13,)))
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(64))
model.add(layers.Dense(32))  # expect: NN204
model.add(layers.Dense(1, activation="relu"))  # expect: NN204
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=10, batch_size=32, validation_split=0.1)

classifier = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(64, 3),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),  # expect: NN204
    ]
)
