"""Tabular classifier (Keras): a deep sigmoid stack, as in many older tutorials."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.random.rand(1000, 20).astype("float32")
y_train = np.random.randint(0, 3, size=(1000,))

model = keras.Sequential(
    [
        keras.Input(shape=(20,)),
        layers.Dense(128, activation="sigmoid"),  # expect: NN203
        layers.Dense(64, activation="sigmoid"),
        layers.Dropout(0.2),
        layers.Dense(32, activation="sigmoid"),
        layers.Dense(3, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=32, validation_split=0.2)


def build_functional(hidden=64):
    inputs = keras.Input(shape=(20,))
    x = layers.Dense(hidden, activation=keras.activations.sigmoid)(inputs)  # expect: NN203
    x = layers.Dense(hidden)(x)
    x = layers.Activation("sigmoid")(x)
    x = layers.Dense(hidden, activation="hard_sigmoid")(x)
    outputs = layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs)


functional = build_functional()
functional.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
functional.fit(x_train, y_train, epochs=5)
