import keras
from keras import layers

from .base import SequenceModel


class LSTMTagger(SequenceModel):
    def __init__(self, vocab_size, num_tags, width=128):
        super().__init__()
        self.embed = layers.Embedding(vocab_size, width)
        self.lstm = layers.LSTM(width, return_sequences=True)
        self.out = layers.Dense(num_tags)

    def call(self, tokens):
        return self.out(self.lstm(self.embed(tokens)))


class ConvTagger(SequenceModel):
    def __init__(self, vocab_size, num_tags, width=128):
        super().__init__()
        self.embed = layers.Embedding(vocab_size, width)
        self.conv = layers.Conv1D(width, 5, padding="same", activation="relu")
        self.out = layers.Dense(num_tags)

    def call(self, tokens):
        return self.out(self.conv(self.embed(tokens)))


def compiled_lstm_tagger(vocab_size, num_tags):
    model = LSTMTagger(vocab_size, num_tags)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))  # expect: NN301
    return model


def compiled_lstm_tagger_clipped(vocab_size, num_tags):
    model = LSTMTagger(vocab_size, num_tags)
    optimizer = keras.optimizers.Adam(1e-3, clipnorm=1.0)
    model.compile(optimizer=optimizer, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def compiled_conv_tagger(vocab_size, num_tags):
    model = ConvTagger(vocab_size, num_tags)
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model
