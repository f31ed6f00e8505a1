"""Crowd counting test script: load a trained density-map regressor and report MAE / MSE on the test images."""
import argparse

import numpy as np
import torch
from torch import nn


class DensityRegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
        )
        self.density = nn.Sequential(nn.Conv2d(128, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 1, 1), nn.ReLU())

    def forward(self, x):
        mu = self.density(self.features(x))
        normed = mu / (mu.sum(dim=(1, 2, 3), keepdim=True) + 1e-6)
        return mu, normed


def main(model_path: str, images, counts):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = DensityRegressor()
    model.to(device)
    model.load_state_dict(torch.load(model_path, map_location=device, weights_only=True))
    errors = []
    for inputs, count in zip(images, counts):
        inputs = inputs.to(device)
        with torch.set_grad_enabled(False):
            outputs, _ = model(inputs)  # expect: NN110
        errors.append(count - torch.sum(outputs).item())
    errors = np.array(errors)
    print(f"{model_path}: mae {np.mean(np.abs(errors)):.2f}, mse {np.sqrt(np.mean(np.square(errors))):.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-path", default="best_model.pth")
    args = parser.parse_args()
    main(args.model_path, [torch.randn(1, 3, 256, 256) for _ in range(10)], [float(i) for i in range(10)])
