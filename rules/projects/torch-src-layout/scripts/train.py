"""Train SmallResNet; the loop, the model and the evaluation come from the package."""
import argparse

import torch

from visionlab import evaluate, train_one_epoch
from visionlab.models import SmallResNet
from visionlab.optim import build_optimizer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.05)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, val_loader = make_loaders()
    model = SmallResNet(num_classes=10).to(device)
    optimizer = build_optimizer(model, args.lr)

    for epoch in range(args.epochs):
        loss = train_one_epoch(model, train_loader, optimizer, device)
        accuracy = evaluate(model, val_loader, device)  # expect: NN110
        print(f"epoch {epoch}: loss {loss:.3f} val accuracy {accuracy:.3f}")


def make_loaders():
    from torchvision import datasets, transforms

    data = datasets.CIFAR10("data", train=True, download=True, transform=transforms.ToTensor())
    train_set, val_set = torch.utils.data.random_split(data, [45000, 5000])
    return (
        torch.utils.data.DataLoader(train_set, batch_size=128, shuffle=True),
        torch.utils.data.DataLoader(val_set, batch_size=256),
    )


if __name__ == "__main__":
    main()
