"""The transfer-learning tutorial: one loop over phases, the mode set by the phase."""
import torch
from torch import nn
from torchvision import models

model = models.resnet18(num_classes=2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
dataloaders = {
    "train": [(torch.randn(4, 3, 64, 64), torch.randint(0, 2, (4,))) for _ in range(10)],
    "val": [(torch.randn(4, 3, 64, 64), torch.randint(0, 2, (4,))) for _ in range(3)],
}

for epoch in range(5):
    for phase in ["train", "val"]:
        if phase == "train":
            model.train()
        else:
            model.eval()
        running_corrects = 0
        for inputs, labels in dataloaders[phase]:
            optimizer.zero_grad()
            with torch.set_grad_enabled(phase == "train"):
                outputs = model(inputs)
                loss = criterion(outputs, labels)
                if phase == "train":
                    loss.backward()
                    optimizer.step()
            running_corrects += (outputs.argmax(1) == labels).sum().item()
        print(f"{epoch} {phase} acc: {running_corrects / (4 * len(dataloaders[phase])):.3f}")
