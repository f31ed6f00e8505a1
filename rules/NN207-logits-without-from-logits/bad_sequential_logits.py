"""Fashion-MNIST in Keras: the last Dense has no activation, the loss expects probabilities."""
import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(10),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # expect: NN207
model.fit(x_train, y_train, epochs=5, validation_split=0.1)
model.evaluate(x_test, y_test)

onehot = keras.Sequential()
onehot.add(keras.Input(shape=(784,)))
onehot.add(layers.Dense(64, activation="relu"))
onehot.add(layers.Dense(10, activation=None))
onehot.compile(optimizer="sgd", loss=keras.losses.CategoricalCrossentropy())  # expect: NN207
