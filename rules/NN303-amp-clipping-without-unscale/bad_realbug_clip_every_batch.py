"""Detection recipe trainer with AMP and gradient accumulation; clipping was applied every batch."""
import torch
from torch import nn


class Trainer:
    def __init__(self, net: nn.Module, batch_accumulate: int = 4, clip_grad_norm: float = 10.0):
        self.net = net
        self.optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, nesterov=True)
        self.scaler = torch.cuda.amp.GradScaler()
        self.batch_accumulate = batch_accumulate
        self.clip_grad_norm = clip_grad_norm
        self.criterion = nn.CrossEntropyLoss()

    def train_epoch(self, loader):
        self.net.train()
        for batch_idx, (inputs, targets) in enumerate(loader):
            with torch.cuda.amp.autocast():
                loss = self.criterion(self.net(inputs.cuda()), targets.cuda())
            self.scaler.scale(loss).backward()
            torch.nn.utils.clip_grad_norm_(self.net.parameters(), self.clip_grad_norm)  # expect: NN303
            if (batch_idx + 1) % self.batch_accumulate == 0:
                self.scaler.step(self.optimizer)
                self.scaler.update()
                self.optimizer.zero_grad()


if __name__ == "__main__":
    model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10)).cuda()
    batches = [(torch.randn(8, 3, 32, 32), torch.randint(0, 10, (8,))) for _ in range(16)]
    Trainer(model).train_epoch(batches)
