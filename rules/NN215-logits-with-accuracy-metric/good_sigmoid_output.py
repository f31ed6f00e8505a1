"""A sigmoid output: accuracy at 0.5 is right."""
import keras
from keras import layers

inputs = keras.Input(shape=(30,))
x = layers.Dense(16, activation="relu")(inputs)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
