"""Keras: zero bias everywhere, a zero-initialised output layer alone, two zero heads side by side."""
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(32,))
x = layers.Dense(128, activation="relu", bias_initializer="zeros")(inputs)
x = layers.Dense(128, activation="relu", kernel_initializer="he_normal", bias_initializer="zeros")(x)
value = layers.Dense(1, kernel_initializer="zeros", name="value")(x)
advantage = layers.Dense(4, kernel_initializer="zeros", name="advantage")(x)
model = keras.Model(inputs, [value, advantage])

classifier = keras.Sequential(
    [
        keras.Input(shape=(32,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax", kernel_initializer="zeros"),
    ]
)
classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
