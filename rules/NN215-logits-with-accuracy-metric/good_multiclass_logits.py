"""Multi-class logits with accuracy: Keras uses argmax, no threshold."""
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(128, activation="relu"), layers.Dense(10)])
model.compile(
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
