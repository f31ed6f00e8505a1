"""A step function returns the loss with metrics: only the loss holds the graph, and the
loop accumulates the detached loss and the metrics, which never had one."""
import torch
import torch.nn.functional as F
from torch import nn

model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def step(inputs, labels):
    logits = model(inputs)
    loss = F.cross_entropy(logits, labels)
    accuracy = (logits.argmax(dim=1) == labels).float().mean().item()
    confident = (logits.softmax(dim=1).max(dim=1).values > 0.9).sum().item()
    return loss, accuracy, confident


def train(loader, epochs=5):
    for epoch in range(epochs):
        model.train()
        total_loss, total_accuracy, total_confident = 0.0, 0.0, 0
        for inputs, labels in loader:
            optimizer.zero_grad()
            loss, accuracy, confident = step(inputs, labels)
            loss.backward()
            optimizer.step()
            total_loss += loss.detach()
            total_accuracy += accuracy
            total_confident += confident
        print(epoch, float(total_loss) / len(loader), total_accuracy / len(loader), total_confident)
