"""Kim (2014) CNN for sentence classification, as written in many tutorials."""
import torch
from torch import nn
from torch.nn import functional as F


class TextCNN(nn.Module):
    def __init__(self, vocab_size, embed_dim=128, num_classes=2, kernel_sizes=(3, 4, 5), num_filters=100, dropout=0.5):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.convs = nn.ModuleList(nn.Conv1d(embed_dim, num_filters, k) for k in kernel_sizes)
        self.fc = nn.Linear(num_filters * len(kernel_sizes), num_classes)
        self.dropout = dropout

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)
        x = F.dropout1d(x, self.dropout / 2, training=self.training)  # expect: NN113
        pooled = [F.relu(conv(x)).max(dim=2).values for conv in self.convs]
        x = torch.cat(pooled, dim=1)
        x = torch.nn.functional.dropout(x, self.dropout, training=self.training)  # expect: NN113
        return self.fc(x)


def evaluate(model, loader, device):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for tokens, labels in loader:
            logits = model(tokens.to(device))
            correct += (logits.argmax(1) == labels.to(device)).sum().item()
            total += labels.numel()
    return correct / total
