"""Fine-tune the adapter layers of a small language model with a warmup schedule."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class TinyLM(nn.Module):
    def __init__(self, vocab: int = 1000, dim: int = 128):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.adapter = nn.Linear(dim, dim)
        self.head = nn.Linear(dim, vocab)

    def forward(self, tokens):
        h = self.embed(tokens)
        h = h + self.adapter(torch.relu(h))
        return self.head(h)


def train(model, loader, epochs: int = 3):
    optimizer = torch.optim.AdamW(model.adapter.parameters(), lr=2e-4)
    scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=len(loader) * epochs)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    for epoch in range(epochs):
        for tokens, targets in loader:
            logits = model(tokens)
            loss = loss_fn(logits.view(-1, logits.size(-1)), targets.view(-1))
            optimizer.zero_grad()
            loss.backward()  # expect: NN101
            optimizer.step()
            scheduler.step()
        print(f"epoch {epoch} done, last loss {loss.item():.3f}")


if __name__ == "__main__":
    data = torch.randint(0, 1000, (512, 33))
    loader = DataLoader(TensorDataset(data[:, :-1], data[:, 1:]), batch_size=16, shuffle=True)
    train(TinyLM(), loader)
