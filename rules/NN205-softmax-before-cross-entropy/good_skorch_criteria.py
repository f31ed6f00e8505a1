"""skorch nets: a probability module with NeuralNetClassifier's default criterion (NLLLoss,
which skorch feeds the log of the probabilities), and a logits module with CrossEntropyLoss."""
import numpy as np
from skorch import NeuralNet, NeuralNetClassifier
from torch import nn


class ProbabilityMLP(nn.Module):
    def __init__(self, features=20, classes=2):
        super().__init__()
        self.hidden = nn.Linear(features, 64)
        self.output = nn.Linear(64, classes)
        self.softmax = nn.Softmax(dim=-1)

    def forward(self, X):
        return self.softmax(self.output(nn.functional.relu(self.hidden(X))))


class LogitMLP(nn.Module):
    def __init__(self, features=20, classes=2):
        super().__init__()
        self.hidden = nn.Linear(features, 64)
        self.output = nn.Linear(64, classes)

    def forward(self, X):
        return self.output(nn.functional.relu(self.hidden(X)))


def fit_both(X: np.ndarray, y: np.ndarray):
    probabilities = NeuralNetClassifier(ProbabilityMLP, max_epochs=10, lr=0.1)
    logits = NeuralNet(LogitMLP, criterion=nn.CrossEntropyLoss, max_epochs=10, lr=0.1)
    probabilities.fit(X, y)
    logits.fit(X, y)
    return probabilities, logits
