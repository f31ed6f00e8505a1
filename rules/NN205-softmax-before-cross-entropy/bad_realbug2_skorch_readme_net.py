"""Distributed skorch example: an MLP classifier handed to a NeuralNet wrapper with a cross-entropy criterion."""
import argparse

import numpy as np
from sklearn.datasets import make_classification
from skorch import NeuralNet
from torch import nn


class MLPClassifier(nn.Module):
    def __init__(self, num_units: int = 10, nonlin=None):
        super().__init__()
        self.dense0 = nn.Linear(20, num_units)
        self.nonlin = nonlin if nonlin is not None else nn.ReLU()
        self.dropout = nn.Dropout(0.5)
        self.dense1 = nn.Linear(num_units, num_units)
        self.output = nn.Linear(num_units, 2)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, X, **kwargs):
        X = self.nonlin(self.dense0(X))
        X = self.dropout(X)
        X = self.nonlin(self.dense1(X))
        return self.softmax(self.output(X))


def main(max_epochs: int) -> None:
    X, y = make_classification(1000, 20, n_informative=10, random_state=0)
    X = X.astype(np.float32)
    y = y.astype(np.int64)
    net = NeuralNet(
        MLPClassifier,
        criterion=nn.CrossEntropyLoss,  # expect: NN205
        max_epochs=max_epochs,
        lr=0.1,
        iterator_train__shuffle=True,
    )
    net.fit(X, y)
    print(net.predict(X[:5]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    main(parser.parse_args().epochs)
