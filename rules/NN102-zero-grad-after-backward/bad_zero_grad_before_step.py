"""Sentiment classifier on bag-of-words features: zero_grad was moved one line too far."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

vocab_size, num_classes = 5000, 2
features = torch.rand(4096, vocab_size)
labels = torch.randint(0, num_classes, (4096,))
train_loader = DataLoader(TensorDataset(features, labels), batch_size=128, shuffle=True)

model = nn.Sequential(
    nn.Linear(vocab_size, 256),
    nn.ReLU(),
    nn.Dropout(0.3),
    nn.Linear(256, num_classes),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

for epoch in range(10):
    model.train()
    correct, seen = 0, 0
    for x, y in train_loader:
        logits = model(x)
        loss = criterion(logits, y)
        loss.backward()
        optimizer.zero_grad()  # expect: NN102
        optimizer.step()
        correct += (logits.argmax(dim=1) == y).sum().item()
        seen += y.numel()
    print(f"epoch {epoch}: train accuracy {correct / seen:.3f}")
