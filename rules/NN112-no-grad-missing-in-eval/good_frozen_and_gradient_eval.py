"""A frozen feature extractor, and an evaluation that needs gradients (saliency maps)."""
import torch
from torch import nn
from torchvision import models

backbone = models.resnet18(num_classes=1000)
backbone.load_state_dict(torch.load("resnet18.pt", weights_only=True))
backbone.requires_grad_(False)
backbone.eval()
val_images = [torch.randn(8, 3, 224, 224) for _ in range(4)]

val_features = []
for images in val_images:
    val_features.append(backbone(images))

classifier = models.resnet18(num_classes=10)
classifier.load_state_dict(torch.load("classifier.pt", weights_only=True))
classifier.eval()
saliency_maps = []
for images in val_images:
    images.requires_grad_(True)
    scores = classifier(images).max(dim=1).values
    scores.sum().backward()
    saliency_maps.append(images.grad.abs().amax(dim=1))
