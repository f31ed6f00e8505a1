"""Census income classifier: a configurable Keras model whose output width comes from the label set."""
import argparse

import numpy as np
from tensorflow import keras


def create_keras_model(input_dim: int, labels_dim: int, learning_rate: float, hidden_units=(100, 70, 50)):
    model = keras.Sequential()
    model.add(keras.Input(shape=(input_dim,)))
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.Dense(labels_dim, activation="sigmoid"))
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(learning_rate), metrics=["accuracy"])
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--learning-rate", type=float, default=0.003)
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    x = np.random.rand(5000, 14).astype("float32")
    y = (np.random.rand(5000) > 0.75).astype("float32")
    model = create_keras_model(input_dim=14, labels_dim=1, learning_rate=args.learning_rate)
    model.fit(x[:4000], y[:4000], epochs=args.epochs, batch_size=40, validation_data=(x[4000:], y[4000:]))


if __name__ == "__main__":
    main()
