import keras


class SequenceModel(keras.Model):
    """Common plumbing of the package's sequence models (a Keras model, seen from other files)."""

    def summary_line(self):
        return f"{self.name}: {self.count_params()} parameters"
