"""set_grad_enabled(phase == 'train') covers the validation phase."""
import torch
from torch import nn

model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 26 * 26, 10))
optimizer = torch.optim.Adam(model.parameters())
loaders = {
    "train": [(torch.randn(8, 1, 28, 28), torch.randint(0, 10, (8,))) for _ in range(10)],
    "val": [(torch.randn(8, 1, 28, 28), torch.randint(0, 10, (8,))) for _ in range(3)],
}

for epoch in range(3):
    for phase in ("train", "val"):
        model.train(phase == "train")
        for x, y in loaders[phase]:
            with torch.set_grad_enabled(phase == "train"):
                loss = nn.functional.cross_entropy(model(x), y)
            if phase == "train":
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
