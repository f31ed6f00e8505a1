"""Keras Softmax() and tf.nn.softmax default to the last axis."""
import tensorflow as tf
import keras
from keras import layers

head = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(4), layers.Softmax()])


def probabilities(logits):
    return tf.nn.softmax(logits)
