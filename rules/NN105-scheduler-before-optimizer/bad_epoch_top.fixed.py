"""Image classifier with a step decay; the scheduler is stepped at the top of each epoch."""
import torch
from torch import nn, optim
from torch.utils.data import DataLoader
from torchvision import datasets, models, transforms

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
train_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(), transforms.ToTensor()])
train_set = datasets.ImageFolder("data/train", transform=train_tf)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True, num_workers=4)

model = models.resnet50(num_classes=len(train_set.classes)).to(device)
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)


def train_epoch(epoch):
    model.train()
    for images, targets in train_loader:
        images, targets = images.to(device), targets.to(device)
        optimizer.zero_grad()
        loss = criterion(model(images), targets)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: lr {scheduler.get_last_lr()[0]:.4f}, last loss {loss.item():.3f}")


for epoch in range(90):
    train_epoch(epoch)
    scheduler.step()  # expect: NN105
    torch.save(model.state_dict(), f"checkpoint_{epoch}.pt")
