# Keras: a Normalization layer adapted to the test images before evaluating.
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train[..., None].astype("float32")
x_test = x_test[..., None].astype("float32")

norm = layers.Normalization(axis=None)
norm.adapt(x_train)

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        norm,
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, validation_split=0.1)

norm.adapt(x_test)  # expect: NN402
test_loss, test_acc = model.evaluate(x_test, y_test)
print("test accuracy", test_acc)
