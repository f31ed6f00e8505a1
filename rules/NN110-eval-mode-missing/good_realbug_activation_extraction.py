"""Extract the activations of a pretrained CNN layer for a set of stimulus images."""
import numpy as np
import torch
from torch import nn
from torchvision import models, transforms
from PIL import Image


PREPROCESS = transforms.Compose([
    transforms.Resize(224),
    transforms.CenterCrop(224),
    transforms.ToTensor(),
    transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])


class FeatureExtractor(nn.Module):
    def __init__(self):
        super().__init__()
        net = models.alexnet(weights=models.AlexNet_Weights.DEFAULT)
        self.features = net.features
        self.pool = net.avgpool
        self.fc = nn.Sequential(*list(net.classifier.children())[:5])

    def forward(self, x):
        x = torch.flatten(self.pool(self.features(x)), 1)
        return self.fc(x)


def compute_activation(model, image_paths, batch_size=16):
    model.eval()
    outputs = []
    with torch.no_grad():
        for start in range(0, len(image_paths), batch_size):
            batch = [PREPROCESS(Image.open(p).convert("RGB")) for p in image_paths[start:start + batch_size]]
            act = model(torch.stack(batch))
            outputs.append(act.numpy())
    return np.concatenate(outputs)


if __name__ == "__main__":
    extractor = FeatureExtractor()
    acts = compute_activation(extractor, [f"stim/{i:03d}.png" for i in range(120)])
    np.save("fc6_activation.npy", acts)
