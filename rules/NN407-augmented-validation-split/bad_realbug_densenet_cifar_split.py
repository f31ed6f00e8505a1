"""DenseNet-BC on CIFAR-10: hold out 5000 training images for validation."""
import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, models, transforms

mean, stdv = [0.5071, 0.4867, 0.4408], [0.2675, 0.2565, 0.2761]
train_transforms = transforms.Compose([
    transforms.RandomCrop(32, padding=4),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize(mean=mean, std=stdv),
])
train_set = datasets.CIFAR10("data", train=True, transform=train_transforms, download=True)
indices = torch.randperm(len(train_set), generator=torch.Generator().manual_seed(0))
valid_set = Subset(train_set, indices[:5000])  # expect: NN407
train_subset = Subset(train_set, indices[5000:])

train_loader = DataLoader(train_subset, batch_size=64, shuffle=True)
valid_loader = DataLoader(valid_set, batch_size=256)
model = models.densenet121(num_classes=10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)

for epoch in range(300):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        err = sum((model(x).argmax(1) != y).sum().item() for x, y in valid_loader) / len(valid_set)
    print(f"epoch {epoch}: valid error {err:.4f}")
