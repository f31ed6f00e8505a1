import torch
import torch.nn.functional as F

from .optim import apply_update, clear_gradients


def train_one_epoch(model, loader, optimizer, device):
    model.train()
    total = 0.0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        clear_gradients(optimizer)
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        apply_update(optimizer, model)
        total += loss.item()
    return total / len(loader)


@torch.no_grad()
def evaluate(model, loader, device):
    """Accuracy on ``loader``; the caller decides the model's mode."""
    correct = seen = 0
    for images, labels in loader:
        logits = model(images.to(device))
        correct += (logits.argmax(dim=1) == labels.to(device)).sum().item()
        seen += labels.numel()
    return correct / seen


@torch.no_grad()
def evaluate_in_eval_mode(model, loader, device):
    was_training = model.training
    model.eval()
    accuracy = evaluate(model, loader, device)
    model.train(was_training)
    return accuracy
