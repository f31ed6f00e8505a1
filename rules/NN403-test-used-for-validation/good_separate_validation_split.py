"""Early stopping on a validation split carved from the training data; test used once."""
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras import layers

(x_train_full, y_train_full), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train_full = x_train_full / 255.0
x_test = x_test / 255.0
x_train, x_valid = x_train_full[:-5000], x_train_full[-5000:]
y_train, y_valid = y_train_full[:-5000], y_train_full[-5000:]

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(300, activation="relu"),
        layers.Dense(100, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
early = keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)
checkpoint = keras.callbacks.ModelCheckpoint("fashion.keras", save_best_only=True)
model.fit(x_train, y_train, epochs=100, validation_data=(x_valid, y_valid), callbacks=[early, checkpoint])
print(model.evaluate(x_test, y_test))

X_tr, X_val, y_tr, y_val = train_test_split(x_train_full.reshape(-1, 784), y_train_full, test_size=0.1, random_state=0)
dense = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(10, activation="softmax")])
dense.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
dense.fit(X_tr, y_tr, validation_data=(X_val, y_val), callbacks=[keras.callbacks.ReduceLROnPlateau()])
print(dense.evaluate(x_test.reshape(-1, 784), y_test))
