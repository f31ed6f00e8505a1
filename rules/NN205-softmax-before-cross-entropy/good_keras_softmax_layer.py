"""Keras: a softmax output with the default from_logits=False, and logits with from_logits=True."""
import keras
from keras import layers

probabilities = keras.Sequential(
    [
        keras.Input(shape=(20,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(5),
        layers.Activation("softmax"),
    ]
)
probabilities.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

logits = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(64, activation="relu"), layers.Dense(5)])
logits.compile(
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
