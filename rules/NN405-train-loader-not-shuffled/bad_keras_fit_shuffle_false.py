# Keras on arrays sorted by label: shuffle=False turns every epoch into a class curriculum.
import numpy as np
from tensorflow import keras

data = np.load("spectra_sorted_by_class.npz")
x_train, y_train = data["x"], data["y"]

model = keras.Sequential(
    [
        keras.Input(shape=(x_train.shape[1],)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(int(y_train.max()) + 1, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=30, shuffle=False)  # expect: NN405
model.save("spectra.keras")
