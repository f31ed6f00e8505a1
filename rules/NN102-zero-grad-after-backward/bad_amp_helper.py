"""Mixed-precision fine-tuning where a helper clears the model between backward and step."""
import torch
from torch import nn
from torchvision import models


def clear(model):
    model.zero_grad(set_to_none=True)


def train_step(model, optimizer, scaler, images, targets):
    with torch.autocast(device_type="cuda", dtype=torch.float16):
        loss = nn.functional.cross_entropy(model(images), targets)
    scaler.scale(loss).backward()
    clear(model)  # expect: NN102
    scaler.step(optimizer)
    scaler.update()
    return loss.item()


def main():
    model = models.resnet18(num_classes=10).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scaler = torch.amp.GradScaler("cuda")
    model.train()
    for step in range(1000):
        images = torch.randn(32, 3, 64, 64, device="cuda")
        targets = torch.randint(0, 10, (32,), device="cuda")
        loss = train_step(model, optimizer, scaler, images, targets)
        if step % 100 == 0:
            print(step, loss)


if __name__ == "__main__":
    main()
