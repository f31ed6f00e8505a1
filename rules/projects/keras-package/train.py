"""Train the taggers; the shared base class lives in tagger/base.py."""
import keras
from keras import layers

from tagger.base import SequenceModel
from tagger.models import compiled_conv_tagger


class GRUTagger(SequenceModel):
    def __init__(self, vocab_size, num_tags, width=64):
        super().__init__()
        self.embed = layers.Embedding(vocab_size, width)
        self.gru = layers.Bidirectional(layers.GRU(width, return_sequences=True))
        self.out = layers.Dense(num_tags)

    def call(self, tokens):
        return self.out(self.gru(self.embed(tokens)))


def train_gru(train_ds, val_ds, vocab_size, num_tags):
    model = GRUTagger(vocab_size, num_tags)
    model.compile(  # expect: NN301
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    model.fit(train_ds, validation_data=val_ds, epochs=10)
    return model


def train_gru_clipped(train_ds, val_ds, vocab_size, num_tags):
    model = GRUTagger(vocab_size, num_tags)
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3, clipnorm=1.0),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    model.fit(train_ds, validation_data=val_ds, epochs=10)
    return model


def train_conv(train_ds, val_ds, vocab_size, num_tags):
    model = compiled_conv_tagger(vocab_size, num_tags)
    model.fit(train_ds, validation_data=val_ds, epochs=10)
    return model
