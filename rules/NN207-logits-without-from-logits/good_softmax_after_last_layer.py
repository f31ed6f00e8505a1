"""A softmax after the last Dense: Activation layer, Softmax layer, or at the end of call()."""
import tensorflow as tf
import keras
from keras import layers

a = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(10), layers.Activation("softmax")])
a.compile(optimizer="adam", loss="categorical_crossentropy")

b = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(10), layers.Softmax()])
b.compile(optimizer="adam", loss="sparse_categorical_crossentropy")


class Classifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.fc = layers.Dense(10)

    def call(self, x):
        return tf.nn.softmax(self.fc(x))


c = Classifier()
c.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

d = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(10, activation=keras.activations.softmax)])
d.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
