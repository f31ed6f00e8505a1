"""Fine-tune a text classifier with a linear warmup schedule (per-step scheduler)."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class TextClassifier(nn.Module):
    def __init__(self, vocab: int = 30522, dim: int = 128, n_labels: int = 2):
        super().__init__()
        self.embed = nn.EmbeddingBag(vocab, dim)
        self.classifier = nn.Linear(dim, n_labels)

    def forward(self, input_ids):
        return self.classifier(self.embed(input_ids))


def train(model, dataset, epochs=2, grad_accum=1, max_grad_norm=1.0):
    loader = DataLoader(dataset, batch_size=8, shuffle=True)
    t_total = len(loader) // grad_accum * epochs
    optimizer = torch.optim.AdamW(model.parameters(), lr=4e-5, eps=1e-8)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / (0.06 * t_total)))
    loss_fn = nn.CrossEntropyLoss()
    global_step, tr_loss = 0, 0.0
    model.train()
    for _ in range(epochs):
        for step, (input_ids, labels) in enumerate(loader):
            loss = loss_fn(model(input_ids), labels) / grad_accum
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
            tr_loss += loss.item()
            if (step + 1) % grad_accum == 0:
                scheduler.step()  # expect: NN105
                optimizer.step()
                optimizer.zero_grad()
                global_step += 1
    return global_step, tr_loss / global_step


if __name__ == "__main__":
    ds = TensorDataset(torch.randint(0, 30522, (400, 64)), torch.randint(0, 2, (400,)))
    print(train(TextClassifier(), ds))
