"""Image classifier trained from a folder sorted by class: the training loader never shuffles."""
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

train_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor()])
eval_tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()])
train_set = datasets.ImageFolder("flowers/train", transform=train_tf)
val_set = datasets.ImageFolder("flowers/val", transform=eval_tf)
train_loader = DataLoader(train_set, batch_size=32, num_workers=4)  # expect: NN405
val_loader = DataLoader(val_set, batch_size=64, num_workers=4)


def train_one_epoch(model, loader, optimizer):
    model.train()
    for images, labels in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()


def validate(model, loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(1) == labels).sum().item()
    return correct / len(loader.dataset)


def main():
    model = models.resnet18(num_classes=len(train_set.classes))
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    for epoch in range(10):
        train_one_epoch(model, train_loader, optimizer)
        print(epoch, validate(model, val_loader))


if __name__ == "__main__":
    main()
