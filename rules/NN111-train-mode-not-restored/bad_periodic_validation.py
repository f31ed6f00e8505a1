"""Step-based training (nanoGPT style) that validates every few hundred steps."""
import torch
from torch import nn


class TinyLM(nn.Module):
    def __init__(self, vocab=256, dim=128):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(dim, vocab)

    def forward(self, idx):
        return self.head(self.drop(self.embed(idx)))


def get_batch(split):
    data = torch.randint(0, 256, (16, 65))
    return data[:, :-1], data[:, 1:]


@torch.no_grad()
def estimate_loss(model, iters=20):
    model.eval()  # expect: NN111
    losses = torch.zeros(iters)
    for k in range(iters):
        x, y = get_batch("val")
        losses[k] = nn.functional.cross_entropy(model(x).flatten(0, 1), y.flatten()).item()
    return losses.mean().item()


model = TinyLM()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
for step in range(5000):
    if step % 250 == 0:
        print(f"step {step}: val loss {estimate_loss(model):.3f}")
    x, y = get_batch("train")
    logits = model(x)
    loss = nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten())
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
