"""Activation given by a variable, from_logits=True, and models nnlint cannot see."""
import keras
from keras import layers

CONFIG = {"output_activation": "softmax", "classes": 4}


def make(config):
    return keras.Sequential(
        [
            keras.Input(shape=(12,)),
            layers.Dense(32, activation="relu"),
            layers.Dense(config["classes"], activation=config["output_activation"]),
        ]
    )


model = make(CONFIG)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

logits = keras.Sequential([keras.Input(shape=(12,)), layers.Dense(4)])
logits.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

pretrained = keras.models.load_model("classifier.keras")
pretrained.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
