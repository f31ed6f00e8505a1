"""Multi-task model: one head per task kept in a dict, and extra encoders in a local list."""
import torch
from torch import nn
import lightning as L


class MultiTaskModel(L.LightningModule):
    def __init__(self, backbone_dim, tasks):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(backbone_dim, 512), nn.ReLU())
        self.heads = nn.ModuleDict({name: nn.Linear(512, n_classes) for name, n_classes in tasks.items()})  # expect: NN213
        self.loss_fn = nn.CrossEntropyLoss()

    def forward(self, x):
        features = self.backbone(x)
        return {name: head(features) for name, head in self.heads.items()}

    def training_step(self, batch, batch_idx):
        x, targets = batch
        outputs = self(x)
        loss = sum(self.loss_fn(outputs[name], targets[name]) for name in self.heads)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


class ScaleEncoders(nn.Module):
    def __init__(self, scales, dim):
        super().__init__()
        encoders = []
        for s in scales:
            encoder = nn.Conv2d(3, dim, kernel_size=s, stride=s)
            encoders.append(encoder)
        self.encoders = encoders  # expect: NN213

    def forward(self, image):
        return [enc(image).flatten(2).mean(-1) for enc in self.encoders]
