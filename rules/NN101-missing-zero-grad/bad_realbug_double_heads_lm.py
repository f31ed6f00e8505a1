"""Fine-tune a language model with an extra multiple-choice head (two losses summed)."""
import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class DoubleHeadsModel(nn.Module):
    def __init__(self, vocab: int = 500, dim: int = 64):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.body = nn.GRU(dim, dim, batch_first=True)
        self.lm_head = nn.Linear(dim, vocab)
        self.mc_head = nn.Linear(dim, 1)

    def forward(self, tokens):
        h, _ = self.body(self.embed(tokens))
        return self.lm_head(h), self.mc_head(h[:, -1]).squeeze(-1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lm_coef", type=float, default=0.9)
    args = parser.parse_args()
    tokens = torch.randint(0, 500, (256, 20))
    labels = torch.rand(256)
    loader = DataLoader(TensorDataset(tokens, labels), batch_size=8, shuffle=True)
    model = DoubleHeadsModel()
    optimizer = torch.optim.Adam(model.parameters(), lr=6.25e-5)
    lm_loss_fn, mc_loss_fn = nn.CrossEntropyLoss(), nn.BCEWithLogitsLoss()
    model.train()
    for _ in range(args.epochs):
        for batch_tokens, batch_labels in loader:
            lm_logits, mc_logits = model(batch_tokens)
            lm_loss = lm_loss_fn(lm_logits[:, :-1].reshape(-1, 500), batch_tokens[:, 1:].reshape(-1))
            loss = args.lm_coef * lm_loss + mc_loss_fn(mc_logits, batch_labels)
            loss.backward()  # expect: NN101
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()


if __name__ == "__main__":
    main()
