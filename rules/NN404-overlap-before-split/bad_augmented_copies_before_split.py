# Small-data image classifier: flipped and rotated copies are stacked onto the data set,
# then the stacked array is split, so a picture and its mirror image sit on both sides.
import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow import keras

images = np.load("leaf_images.npy").astype("float32") / 255.0
labels = np.load("leaf_labels.npy")

flipped = np.flip(images, axis=2)
rotated = np.rot90(images, k=1, axes=(1, 2))
X = np.concatenate([images, flipped, rotated])  # expect: NN404
y = np.concatenate([labels, labels, labels])

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)

model = keras.Sequential(
    [
        keras.Input(shape=X.shape[1:]),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(int(labels.max()) + 1, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=20, validation_split=0.1)
print("test accuracy:", model.evaluate(X_test, y_test)[1])
