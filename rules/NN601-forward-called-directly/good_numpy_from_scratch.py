"""A two-layer network written from scratch with numpy: forward/backward are plain methods."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, seed=0):
        rng = np.random.default_rng(seed)
        self.W = rng.normal(0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad, lr):
        grad_in = grad @ self.W.T
        self.W -= lr * self.x.T @ grad
        self.b -= lr * grad.sum(axis=0)
        return grad_in


class ReLU:
    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, grad, lr):
        return grad * self.mask


layer1, act, layer2 = Dense(2, 16), ReLU(), Dense(16, 1, seed=1)
X = np.random.default_rng(2).normal(size=(256, 2))
y = (X[:, :1] * X[:, 1:] > 0).astype(float)
for step in range(500):
    hidden = act.forward(layer1.forward(X))
    pred = layer2.forward(hidden)
    grad = 2 * (pred - y) / len(X)
    grad = layer2.backward(grad, 0.1)
    layer1.backward(act.backward(grad, 0.1), 0.1)
print("mse", float(((pred - y) ** 2).mean()))
