"""Intent classifier over sentence embeddings; the training step normalises before the loss."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

N_INTENTS = 12

embeddings = torch.randn(2048, 384)
intents = torch.randint(0, N_INTENTS, (2048,))
loader = DataLoader(TensorDataset(embeddings, intents), batch_size=64, shuffle=True)

classifier = nn.Sequential(nn.Linear(384, 256), nn.ReLU(), nn.Dropout(0.1), nn.Linear(256, N_INTENTS))
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
optimizer = torch.optim.AdamW(classifier.parameters(), lr=1e-3, weight_decay=0.01)


def train_step(batch_x, batch_y):
    optimizer.zero_grad()
    probabilities = classifier(batch_x)
    loss = criterion(probabilities, batch_y)  # expect: NN205
    loss.backward()
    optimizer.step()
    return loss.item()


def train_step_inline(batch_x, batch_y):
    optimizer.zero_grad()
    loss = F.cross_entropy(classifier(batch_x), batch_y)  # expect: NN205
    loss.backward()
    optimizer.step()
    return loss.item()


for epoch in range(5):
    classifier.train()
    total = 0.0
    for step, (x, y) in enumerate(loader):
        total += train_step(x, y) if step % 2 else train_step_inline(x, y)
    print(f"epoch {epoch}: mean loss {total / len(loader):.4f}")
