# Official-tutorial style: validation_data=(x_test, y_test) only prints metrics per epoch.
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=20000)
x_train = keras.utils.pad_sequences(x_train, maxlen=200)
x_test = keras.utils.pad_sequences(x_test, maxlen=200)

model = keras.Sequential(
    [
        keras.Input(shape=(None,), dtype="int32"),
        layers.Embedding(20000, 128),
        layers.GlobalAveragePooling1D(),
        layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
model.fit(
    x_train,
    y_train,
    batch_size=32,
    epochs=2,
    validation_data=(x_test, y_test),
    callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=1), keras.callbacks.TensorBoard("logs")],
)
print(model.evaluate(x_test, y_test))
