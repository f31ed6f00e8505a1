"""IMDB sentiment with an unknown model object and a Dense(1) logit head."""
import keras
from keras import layers

loss = keras.losses.BinaryCrossentropy(from_logits=True)


def compile_for_training(model):
    model.compile(optimizer="adam", loss=loss, metrics=[keras.metrics.BinaryAccuracy()])  # expect: NN215
    return model


text_model = keras.Sequential(
    [
        keras.Input(shape=(None,), dtype="int64"),
        layers.Embedding(20000, 64),
        layers.GlobalAveragePooling1D(),
        layers.Dense(16, activation="relu"),
        layers.Dense(1),
    ]
)
text_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])  # expect: NN207, NN215
