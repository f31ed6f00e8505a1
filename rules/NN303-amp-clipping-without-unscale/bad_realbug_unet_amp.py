"""Train a small UNet-like segmenter with mixed precision and gradient clipping."""
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class SmallUNet(nn.Module):
    def __init__(self, n_classes: int = 2):
        super().__init__()
        self.down = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU())
        self.pool = nn.MaxPool2d(2)
        self.mid = nn.Sequential(nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU())
        self.up = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.out = nn.Conv2d(64, n_classes, 1)

    def forward(self, x):
        d = self.down(x)
        u = self.up(self.mid(self.pool(d)))
        return self.out(torch.cat([d, u], dim=1))


def train_model(model, loader, device="cuda", epochs=5, gradient_clipping=1.0):
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-5, weight_decay=1e-8, momentum=0.999)
    grad_scaler = torch.amp.GradScaler("cuda")
    model.train()
    for epoch in range(epochs):
        for images, true_masks in loader:
            images, true_masks = images.to(device), true_masks.to(device)
            with torch.autocast(device, dtype=torch.float16):
                loss = F.cross_entropy(model(images), true_masks)
            optimizer.zero_grad(set_to_none=True)
            grad_scaler.scale(loss).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), gradient_clipping)  # expect: NN303
            grad_scaler.step(optimizer)
            grad_scaler.update()
        print(f"epoch {epoch}: loss {loss.item():.4f}")


if __name__ == "__main__":
    data = TensorDataset(torch.randn(64, 3, 64, 64), torch.randint(0, 2, (64, 64, 64)))
    train_model(SmallUNet().cuda(), DataLoader(data, batch_size=4, shuffle=True))
