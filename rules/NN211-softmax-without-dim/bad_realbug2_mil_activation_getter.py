"""Deep multiple-instance learning on slide tiles: the loss and the output activation depend on the class count."""
import torch
from torch import nn


class AttentionPooling(nn.Module):
    def __init__(self, dim: int = 512, hidden: int = 128):
        super().__init__()
        self.score = nn.Sequential(nn.Linear(dim, hidden), nn.Tanh(), nn.Linear(hidden, 1))

    def forward(self, tiles):
        weights = torch.softmax(self.score(tiles), dim=0)
        return (weights * tiles).sum(dim=0, keepdim=True), weights


class DeepMIL(nn.Module):
    def __init__(self, n_classes: int, dim: int = 512):
        super().__init__()
        self.n_classes = n_classes
        self.pooling = AttentionPooling(dim)
        self.classifier = nn.Linear(dim, n_classes)
        self.activation = self.get_activation()
        self.loss_fn = self.get_loss()

    def get_loss(self):
        return nn.BCEWithLogitsLoss() if self.n_classes == 1 else nn.CrossEntropyLoss()

    def get_activation(self):
        if self.n_classes > 1:
            return nn.Softmax()  # expect: NN211
        return nn.Sigmoid()

    def forward(self, tiles):
        bag, attention = self.pooling(tiles)
        return self.classifier(bag), attention

    def predict_proba(self, tiles):
        logits, _ = self(tiles)
        return self.activation(logits)


if __name__ == "__main__":
    model = DeepMIL(n_classes=3)
    model.eval()
    with torch.no_grad():
        print(model.predict_proba(torch.randn(200, 512)))
