"""The standard Keras idiom: Dense(1, sigmoid) with binary_crossentropy (not reported)."""
import numpy as np
import keras
from keras import layers

x = np.random.rand(800, 10).astype("float32")
y = (x.sum(axis=1) > 5).astype("float32")
model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, validation_split=0.2)
