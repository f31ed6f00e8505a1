"""Stacks built by local factories: the activation and the sizes are passed in."""
import torch
import torch.nn as nn
import keras
from keras import layers


def make_mlp(sizes, act=nn.ReLU):
    modules = []
    for i in range(len(sizes) - 2):
        modules += [nn.Linear(sizes[i], sizes[i + 1]), act()]
    modules.append(nn.Linear(sizes[-2], sizes[-1]))
    return nn.Sequential(*modules)


def build_dense(n_hidden, units, activation="relu"):
    model = keras.Sequential()
    model.add(keras.Input(shape=(16,)))
    for _ in range(n_hidden):
        model.add(layers.Dense(units, activation=activation))
    model.add(layers.Dense(1, activation="sigmoid"))
    return model


value_net = make_mlp([8, 64, 64, 1])
policy_net = make_mlp([8, 128, 128, 128, 4], act=nn.Sigmoid)  # expect: NN203
optimizer = torch.optim.Adam(list(value_net.parameters()) + list(policy_net.parameters()), lr=3e-4)

shallow = build_dense(2, 32, activation="sigmoid")
deep = build_dense(5, 32, activation="sigmoid")  # expect: NN203
deep.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
