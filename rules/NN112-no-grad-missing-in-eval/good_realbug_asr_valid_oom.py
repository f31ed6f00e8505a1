"""Train an attention ASR model; after each epoch compute the validation loss and CER."""
import torch
import torch.nn.functional as F
from torch import nn


class ASRModel(nn.Module):
    def __init__(self, n_mels: int = 80, dim: int = 256, vocab: int = 40):
        super().__init__()
        self.proj = nn.Linear(n_mels, dim)
        layer = nn.TransformerEncoderLayer(dim, 4, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 6)
        self.out = nn.Linear(dim, vocab)

    def forward(self, feats):
        return self.out(self.encoder(self.proj(feats)))


def char_errors(pred, gold):
    return (pred != gold).sum().item()


def train(model, train_loader, valid_loader, epochs=20):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.98))
    for epoch in range(epochs):
        model.train()
        for feats, targets in train_loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(feats).transpose(1, 2), targets)
            loss.backward()
            optimizer.step()

        model.eval()
        total_loss, total_err, total_chars = 0.0, 0, 0
        with torch.no_grad():
            for feats, targets in valid_loader:
                logits = model(feats)
                total_loss += F.cross_entropy(logits.transpose(1, 2), targets).item()
                total_err += char_errors(logits.argmax(-1), targets)
                total_chars += targets.numel()
        print(f"epoch {epoch}: valid loss {total_loss / len(valid_loader):.3f} CER {total_err / total_chars:.3f}")


if __name__ == "__main__":
    train_batches = [(torch.randn(4, 300, 80), torch.randint(0, 40, (4, 300))) for _ in range(25)]
    valid_batches = [(torch.randn(4, 600, 80), torch.randint(0, 40, (4, 600))) for _ in range(5)]
    train(ASRModel(), train_batches, valid_batches)
