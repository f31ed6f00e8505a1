"""pytorch/examples-style: the test loader is evaluated every epoch only to print; the
checkpoint is chosen on a validation loader."""
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms

tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
full = datasets.MNIST("../data", train=True, download=True, transform=tf)
train_set, val_set = random_split(full, [55000, 5000], generator=torch.Generator().manual_seed(1))
test_set = datasets.MNIST("../data", train=False, transform=tf)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=1000)
test_loader = DataLoader(test_set, batch_size=1000)

model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)


def test(net, loader):
    net.eval()
    loss = 0.0
    with torch.no_grad():
        for data, target in loader:
            loss += F.cross_entropy(net(data), target, reduction="sum").item()
    return loss / len(loader.dataset)


best_val = float("inf")
for epoch in range(1, 15):
    model.train()
    for data, target in train_loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(data), target)
        loss.backward()
        optimizer.step()
    val_loss = test(model, val_loader)
    test_loss = test(model, test_loader)
    print(f"epoch {epoch} val {val_loss:.4f} test {test_loss:.4f}")
    if val_loss < best_val:
        best_val = val_loss
        torch.save(model.state_dict(), "mnist_best.pt")
