"""Text classifier trained with NLLLoss on raw logits (log_softmax forgotten)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class BagOfWords(nn.Module):
    def __init__(self, vocab_size, num_classes):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, 64)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, text, offsets):
        return self.fc(self.embedding(text, offsets))


model = BagOfWords(vocab_size=50000, num_classes=4)
criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5.0)


def train(dataloader):
    model.train()
    for label, text, offsets in dataloader:
        optimizer.zero_grad()
        predicted = model(text, offsets)
        loss = criterion(predicted, label)  # expect: NN212
        loss.backward()
        optimizer.step()


def auxiliary_loss(features, labels, head):
    logits = head(features)
    return F.nll_loss(logits, labels)


aux_head = nn.Linear(64, 4)


def aux_step(features, labels):
    logits = aux_head(features)
    return F.nll_loss(logits, labels)  # expect: NN212
