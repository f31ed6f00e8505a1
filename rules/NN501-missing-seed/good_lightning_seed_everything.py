"""Lightning script: seed_everything seeds Python, NumPy and torch (and the workers)."""
import lightning as L
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


class Regressor(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(8, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.mse_loss(self.net(x), y)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


if __name__ == "__main__":
    L.seed_everything(1234, workers=True)
    data = TensorDataset(torch.randn(1024, 8), torch.randn(1024, 1))
    trainer = L.Trainer(max_epochs=3, deterministic=True)
    trainer.fit(Regressor(), DataLoader(data, batch_size=32, shuffle=True))
