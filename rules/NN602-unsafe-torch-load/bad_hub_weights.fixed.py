"""Build a classifier from weights published at a URL."""
import torch
import torch.nn as nn
from torch.hub import load_state_dict_from_url
from torch.utils import model_zoo

# nnlint-test: options = {target-torch-version = "2.6"}

WEIGHTS = {
    "small": "https://example.com/models/small-3c4d5e.pth",
    "large": "https://example.com/models/large-9f8e7d.pth",
}


class Classifier(nn.Module):
    def __init__(self, width=64, classes=100):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(width, classes)

    def forward(self, x):
        return self.head(torch.flatten(self.pool(self.features(x)), 1))


def classifier(variant="small", pretrained=True):
    model = Classifier(width=64 if variant == "small" else 128)
    if pretrained:
        state_dict = load_state_dict_from_url(WEIGHTS[variant], progress=True, weights_only=True)  # expect: NN602
        model.load_state_dict(state_dict)
    return model


def legacy_classifier(variant="small"):
    model = Classifier()
    model.load_state_dict(model_zoo.load_url(WEIGHTS[variant], map_location="cpu", weights_only=True))  # expect: NN602
    return model


def local_classifier(path):
    model = Classifier()
    model.load_state_dict(torch.load(path, map_location="cpu"))
    return model
