"""Logits measured with a threshold of 0, or with AUC."""
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(30,)), layers.Dense(16, activation="relu"), layers.Dense(1)])
model.compile(
    optimizer="adam",
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(threshold=0.0), keras.metrics.AUC(from_logits=True)],
)
