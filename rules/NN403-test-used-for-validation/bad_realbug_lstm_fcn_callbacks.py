"""LSTM-FCN time-series classifier: train with checkpointing and LR reduction, then report test accuracy."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def build_model(seq_len: int, n_classes: int):
    inp = keras.Input(shape=(seq_len, 1))
    x = layers.LSTM(8)(layers.Permute((2, 1))(inp))
    x = layers.Dropout(0.8)(x)
    y = layers.Conv1D(128, 8, padding="same", activation="relu")(inp)
    y = layers.GlobalAveragePooling1D()(layers.Conv1D(128, 3, padding="same", activation="relu")(y))
    out = layers.Dense(n_classes, activation="softmax")(layers.concatenate([x, y]))
    return keras.Model(inp, out)


def train_model(model, X_train, y_train, X_test, y_test, epochs=2000, batch_size=128):
    weight_fn = "weights/lstm_fcn_weights.h5"
    model_checkpoint = keras.callbacks.ModelCheckpoint(weight_fn, monitor="val_accuracy", save_best_only=True, save_weights_only=True)
    reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_accuracy", patience=100, factor=1 / 2.0 ** (1 / 3), min_lr=1e-4)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"], jit_compile=False)
    model.fit(
        X_train, y_train, batch_size=batch_size, epochs=epochs,
        callbacks=[model_checkpoint, reduce_lr],
        validation_data=(X_test, y_test),  # expect: NN403
    )
    model.load_weights(weight_fn)
    print("final test accuracy:", model.evaluate(X_test, y_test, verbose=0)[1])


if __name__ == "__main__":
    X = np.random.rand(600, 128, 1).astype("float32")
    y = keras.utils.to_categorical(np.random.randint(0, 5, 600), 5)
    train_model(build_model(128, 5), X[:450], y[:450], X[450:], y[450:], epochs=5)
