"""CIFAR-10 training script that keeps the checkpoint with the best *test* accuracy."""
import torch
import torch.nn.functional as F
import torchvision
from torch.utils.data import DataLoader
from torchvision import transforms

tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
train_set = torchvision.datasets.CIFAR10("data", train=True, download=True, transform=tf)
test_set = torchvision.datasets.CIFAR10("data", train=False, download=True, transform=tf)
train_loader = DataLoader(train_set, batch_size=128, shuffle=True)
test_loader = DataLoader(test_set, batch_size=256)

model = torchvision.models.resnet18(num_classes=10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", patience=3)


def evaluate(net, loader):
    net.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (net(images).argmax(1) == labels).sum().item()
    return correct / len(loader.dataset)


best_acc = 0.0
for epoch in range(60):
    model.train()
    for images, labels in train_loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
    test_acc = evaluate(model, test_loader)
    scheduler.step(test_acc)  # expect: NN403
    if test_acc > best_acc:  # expect: NN403
        best_acc = test_acc
        torch.save(model.state_dict(), "best.pt")
    print(f"epoch {epoch}: test accuracy {test_acc:.4f} (best {best_acc:.4f})")
