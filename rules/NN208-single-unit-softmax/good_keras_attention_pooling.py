"""Keras attention pooling over the time axis, and a proper binary sigmoid."""
import keras
from keras import layers

inputs = keras.Input(shape=(100, 64))
scores = layers.Dense(1)(inputs)
weights = layers.Softmax(axis=1)(scores)
pooled = layers.Dot(axes=1)([weights, inputs])
outputs = layers.Dense(1, activation="sigmoid")(layers.Flatten()(pooled))
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
