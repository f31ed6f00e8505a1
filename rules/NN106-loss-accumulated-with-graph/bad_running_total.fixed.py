"""Text classifier whose epoch loss keeps every batch's graph alive."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class BagOfEmbeddings(nn.Module):
    def __init__(self, vocab_size, dim, num_classes):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, dim)
        self.dropout = nn.Dropout(0.1)
        self.fc = nn.Linear(dim, num_classes)

    def forward(self, tokens):
        return self.fc(self.dropout(self.embedding(tokens)))


tokens = torch.randint(0, 20000, (5000, 40))
labels = torch.randint(0, 4, (5000,))
loader = DataLoader(TensorDataset(tokens, labels), batch_size=64, shuffle=True)
model = BagOfEmbeddings(20000, 64, 4)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

for epoch in range(10):
    model.train()
    epoch_loss = 0
    for batch_tokens, batch_labels in loader:
        optimizer.zero_grad()
        loss = criterion(model(batch_tokens), batch_labels)
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()  # expect: NN106
    print(f"epoch {epoch}: mean loss {epoch_loss.item() / len(loader):.4f}")
