"""Mini tutorial: a multilayer perceptron on MNIST built with add_module."""
import numpy as np
import torch
from torch import nn, optim


def build_model(input_dim, output_dim):
    model = nn.Sequential()
    model.add_module("linear_1", nn.Linear(input_dim, 512, bias=False))
    model.add_module("relu_1", nn.ReLU())
    model.add_module("dropout_1", nn.Dropout(0.2))
    model.add_module("linear_2", nn.Linear(512, output_dim, bias=False))
    model.add_module("softmax", nn.Softmax(dim=1))
    return model


def train(model, loss_fn, optimizer, x_val, y_val):
    model.train()
    optimizer.zero_grad()
    output = model(x_val)
    loss = loss_fn(output, y_val)  # expect: NN205
    loss.backward()
    optimizer.step()
    return loss.item()


def main():
    x = torch.from_numpy(np.random.rand(6000, 784).astype(np.float32))
    y = torch.from_numpy(np.random.randint(0, 10, 6000))
    model = build_model(784, 10)
    loss_fn = nn.CrossEntropyLoss(reduction="mean")
    optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    for epoch in range(20):
        perm = torch.randperm(6000)
        cost = sum(train(model, loss_fn, optimizer, x[perm[k:k + 100]], y[perm[k:k + 100]]) for k in range(0, 6000, 100))
        print(f"epoch {epoch}: cost {cost / 60:.4f}")


if __name__ == "__main__":
    main()
