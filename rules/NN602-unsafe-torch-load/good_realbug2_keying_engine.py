"""Green-screen keying inference engine: loads a refiner checkpoint once and processes frames."""
import os

import torch
from torch import nn


class KeyingNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(4, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU())
        self.alpha_head = nn.Conv2d(32, 1, 1)

    def forward(self, rgb, hint):
        return torch.sigmoid(self.alpha_head(self.encoder(torch.cat([rgb, hint], dim=1))))


class KeyingEngine:
    def __init__(self, checkpoint_path: str, device: str = "cpu"):
        self.checkpoint_path = checkpoint_path
        self.device = torch.device(device)
        self.model = self._load_model()

    def _load_model(self) -> nn.Module:
        model = KeyingNet().to(self.device)
        if not os.path.isfile(self.checkpoint_path):
            raise FileNotFoundError(f"Checkpoint not found: {self.checkpoint_path}")
        checkpoint = torch.load(self.checkpoint_path, map_location=self.device, weights_only=True)
        state_dict = checkpoint.get("state_dict", checkpoint)
        state_dict = {k.removeprefix("_orig_mod."): v for k, v in state_dict.items()}
        model.load_state_dict(state_dict)
        model.eval()
        return model

    @torch.inference_mode()
    def process_frame(self, rgb: torch.Tensor, hint: torch.Tensor) -> torch.Tensor:
        return self.model(rgb.to(self.device), hint.to(self.device))


if __name__ == "__main__":
    engine = KeyingEngine("checkpoints/keyer.pth")
    print(engine.process_frame(torch.rand(1, 3, 256, 256), torch.rand(1, 1, 256, 256)).shape)
