"""Batch prediction helper that collects outputs, keeping every batch's graph alive."""
import torch
from torch import nn
from torchvision import models


def predict(model, loader, device):
    model.eval()
    all_probs = []
    with torch.no_grad():
        for images in loader:  # expect: NN112
            images = images.to(device)
            probs = model(images).softmax(dim=1)
            all_probs.append(probs.cpu())
    return torch.cat(all_probs)


if __name__ == "__main__":
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    net = models.resnet34(num_classes=5)
    net.load_state_dict(torch.load("flowers_resnet34.pt", map_location=device, weights_only=True))
    net = net.to(device)
    batches = [torch.randn(16, 3, 224, 224) for _ in range(8)]
    probabilities = predict(net, batches, device)
    print(probabilities.argmax(dim=1))
