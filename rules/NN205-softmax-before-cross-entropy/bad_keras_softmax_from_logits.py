"""Keras CNN whose output layer already applies softmax, compiled with from_logits=True."""
import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1).astype("float32") / 255.0

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(  # expect: NN205
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=128, epochs=5, validation_split=0.1)


def make_binary():
    inputs = keras.Input(shape=(16,))
    x = layers.Dense(32, activation="relu")(inputs)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


binary = make_binary()
loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
binary.compile(optimizer="adam", loss=loss_fn)  # expect: NN205

optimizer = keras.optimizers.Adam(1e-3)
sparse_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def custom_loss(images, labels):
    predictions = model(images, training=True)
    return sparse_loss(labels, predictions)  # expect: NN205
