"""Keras binary classifier with zero kernels in the hidden layers."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

X = np.random.rand(1000, 20).astype("float32")
y = (X.sum(axis=1) > 10).astype("float32")

model = keras.Sequential(
    [
        keras.Input(shape=(20,)),
        layers.Dense(64, activation="relu", kernel_initializer="zeros"),  # expect: NN202
        layers.Dense(64, activation="relu", kernel_initializer="zeros"),  # expect: NN202
        layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=10, batch_size=32, validation_split=0.2)

inputs = keras.Input(shape=(20,))
h = layers.Dense(32, activation="relu", kernel_initializer=keras.initializers.Constant(0.1))(inputs)  # expect: NN202
h = layers.Dense(32, activation="relu", kernel_initializer=keras.initializers.Constant(0.1))(h)  # expect: NN202
outputs = layers.Dense(1, activation="sigmoid")(h)
functional = keras.Model(inputs, outputs)
functional.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
