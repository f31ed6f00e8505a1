"""Inference script: loads a checkpoint and predicts, but never switches to eval mode."""
import sys

import torch
import torch.nn as nn
from PIL import Image
from torchvision import transforms


class ConvNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1),
            nn.BatchNorm2d(64),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.5), nn.Linear(64, num_classes))

    def forward(self, x):
        return self.classifier(self.features(x))


preprocess = transforms.Compose([transforms.Resize((32, 32)), transforms.ToTensor()])
model = ConvNet()
model.load_state_dict(torch.load("convnet.pt", map_location="cpu", weights_only=True))

model.eval()
for path in sys.argv[1:]:
    image = preprocess(Image.open(path).convert("RGB")).unsqueeze(0)
    with torch.no_grad():
        probabilities = model(image).softmax(dim=1)  # expect: NN110
    print(path, probabilities.argmax(dim=1).item())
