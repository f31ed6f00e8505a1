"""FGSM adversarial examples: backward computes input gradients, the model is not trained."""
import torch
import torch.nn.functional as F
from torchvision import models

model = models.resnet18(num_classes=10)
model.load_state_dict(torch.load("resnet18_cifar.pt", weights_only=True))
model.eval()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)  # kept from the training script, unused here
epsilon = 8 / 255
test_batches = [(torch.rand(16, 3, 32, 32), torch.randint(0, 10, (16,))) for _ in range(10)]

robust, total = 0, 0
for images, labels in test_batches:
    images = images.clone().requires_grad_(True)
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    adversarial = (images + epsilon * images.grad.sign()).clamp(0, 1).detach()
    with torch.no_grad():
        robust += (model(adversarial).argmax(dim=1) == labels).sum().item()
    total += labels.numel()
print(f"robust accuracy: {robust / total:.3f}")
