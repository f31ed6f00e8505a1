"""Functional and subclassed Keras models returning logits, compiled for probabilities."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def build_model(num_classes=5):
    inputs = keras.Input(shape=(64, 64, 3))
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, name="logits")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


model = build_model()
model.compile(  # expect: NN207
    optimizer=keras.optimizers.Adam(1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False),
    metrics=["accuracy"],
)


class SpamClassifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(32, activation="relu")
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


spam = SpamClassifier()
spam.compile(optimizer="adam", loss=tf.keras.losses.binary_crossentropy)  # expect: NN207
