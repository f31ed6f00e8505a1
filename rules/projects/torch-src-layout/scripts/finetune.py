"""A hand-written loop that clears and updates through the package's helpers."""
import torch
import torch.nn.functional as F

from visionlab.models import SmallResNet
from visionlab.optim import apply_update, clear_gradients


def finetune(loader, steps=100):
    model = SmallResNet()
    model.load_state_dict(torch.load("pretrained.pt", weights_only=True))
    optimizer = torch.optim.SGD(model.head.parameters(), lr=1e-3)
    model.train()
    for step, (images, labels) in enumerate(loader):
        clear_gradients(optimizer)
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        apply_update(optimizer, model)
        if step == steps:
            break
    return model


def finetune_without_clearing(loader):
    model = SmallResNet()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    for images, labels in loader:
        loss = F.cross_entropy(model(images), labels)
        loss.backward()  # expect: NN101
        apply_update(optimizer, model)
    return model
