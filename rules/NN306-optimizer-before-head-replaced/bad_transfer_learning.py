"""Transfer learning on a folder of images: the new head is not in the optimizer."""

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

tfm = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()])
loader = DataLoader(datasets.ImageFolder("data/train", tfm), batch_size=32, shuffle=True)

model = models.resnet18(weights=models.ResNet18_Weights.DEFAULT)
optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
model.fc = nn.Linear(model.fc.in_features, 2)  # expect: NN306

for epoch in range(25):
    model.train()
    for inputs, labels in loader:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(inputs), labels)
        loss.backward()
        optimizer.step()
