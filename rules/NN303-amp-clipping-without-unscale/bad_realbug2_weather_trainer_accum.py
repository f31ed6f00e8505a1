"""Weather-forecast transformer trainer: mixed precision, gradient accumulation over sub-batches, norm clipping."""
import torch
from torch import nn


class Trainer:
    def __init__(self, model, device):
        self.model = model
        self.device = device

    def train_one_epoch(self, epoch, loader, optimizer, criterion, scaler, grad_accum_every: int = 2, grad_max_norm: float = 1.0):
        self.model.train()
        logs = []
        for step, batches in enumerate(loader):
            total = 0.0
            for x, y in batches:
                x, y = x.to(self.device), y.to(self.device)
                with torch.autocast(device_type=self.device.type, dtype=torch.float16, enabled=self.device.type == "cuda"):
                    y_pred = self.model(x)
                    loss = criterion(y_pred, y).mean()
                scaler.scale(loss / grad_accum_every).backward()
                total += loss.item() / grad_accum_every
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), max_norm=grad_max_norm)  # expect: NN303
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad()
            logs.append(total)
        print(f"epoch {epoch}: train loss {sum(logs) / len(logs):.5f}")
        return logs


if __name__ == "__main__":
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    net = nn.Sequential(nn.Linear(64, 256), nn.GELU(), nn.Linear(256, 64)).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4)
    grad_scaler = torch.amp.GradScaler(enabled=device.type == "cuda")
    data = [[(torch.randn(4, 64), torch.randn(4, 64)) for _ in range(2)] for _ in range(10)]
    trainer = Trainer(net, device)
    for ep in range(3):
        trainer.train_one_epoch(ep, data, opt, nn.MSELoss(reduction="none"), grad_scaler)
