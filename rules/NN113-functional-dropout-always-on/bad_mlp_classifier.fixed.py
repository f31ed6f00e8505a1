"""MNIST classifier from a course notebook: dropout written with the functional API."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, hidden=512, p=0.3):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.fc1 = nn.Linear(9216, hidden)
        self.fc2 = nn.Linear(hidden, 10)
        self.p = p

    def features(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return F.dropout2d(x, 0.25, training=self.training)  # expect: NN113

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, p=self.p, training=self.training)  # expect: NN113
        return F.log_softmax(self.fc2(x), dim=1)


@torch.no_grad()
def predict(model, images):
    model.eval()
    return model(images).argmax(dim=1)
