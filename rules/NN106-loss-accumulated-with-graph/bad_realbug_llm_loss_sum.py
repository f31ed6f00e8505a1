"""Fine-tune a causal LM; log the mean loss every `log_every` steps."""
import time

import torch
from torch import nn


class CausalLM(nn.Module):
    def __init__(self, vocab: int = 5000, dim: int = 256):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.mix = nn.Sequential(nn.Linear(dim, dim), nn.GELU(), nn.Linear(dim, dim))
        self.head = nn.Linear(dim, vocab)

    def forward(self, input_ids):
        return self.head(self.mix(self.embed(input_ids)))


def training_function(model, batches, lr=2e-5, log_every=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    loss_sum = 0.0
    for step, input_ids in enumerate(batches, start=1):
        s_fwd = time.time()
        logits = model(input_ids[:, :-1])
        loss = loss_fn(logits.reshape(-1, logits.size(-1)), input_ids[:, 1:].reshape(-1))
        loss_sum += loss  # expect: NN106
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % log_every == 0:
            print(f"step {step}: avg loss {loss_sum / log_every:.4f} ({time.time() - s_fwd:.2f}s/step)")
            loss_sum = 0.0


if __name__ == "__main__":
    training_function(CausalLM(), [torch.randint(0, 5000, (8, 129)) for _ in range(100)])
