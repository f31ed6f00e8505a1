"""Keras CNN on CIFAR-10: constant scaling, statistics of the training split, PCA only for a plot."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.decomposition import PCA
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

mean = x_train.mean(axis=(0, 1, 2), keepdims=True)
std = x_train.std(axis=(0, 1, 2), keepdims=True)
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std

# Per-image contrast normalisation is a per-sample statistic.
x_train = x_train / np.abs(x_train).max(axis=(1, 2, 3), keepdims=True)
x_test = x_test / np.abs(x_test).max(axis=(1, 2, 3), keepdims=True)

embedding = PCA(n_components=2).fit_transform(x_train.reshape(len(x_train), -1)[:2000])
plt.scatter(embedding[:, 0], embedding[:, 1], c=y_train[:2000, 0], s=2)
plt.savefig("pca.png")

model = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=10, validation_split=0.1)
print(model.evaluate(x_test, y_test))
