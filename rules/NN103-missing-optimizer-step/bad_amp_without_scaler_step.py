"""Mixed precision loop that calls scaler.update() but forgot scaler.step(optimizer)."""
import torch
from torch import nn


def train(model, loader, optimizer, scaler, epochs):
    model.train()
    for epoch in range(epochs):
        for tokens, targets in loader:
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast("cuda", dtype=torch.float16):
                logits = model(tokens)
                loss = nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
            scaler.scale(loss).backward()  # expect: NN103
            scaler.update()
        print(f"epoch {epoch}: last loss {loss.item():.3f}")


if __name__ == "__main__":
    vocab = 1000
    model = nn.Sequential(nn.Embedding(vocab, 128), nn.Linear(128, vocab)).cuda()
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    scaler = torch.amp.GradScaler("cuda")
    loader = [(torch.randint(0, vocab, (8, 32)).cuda(), torch.randint(0, vocab, (8, 32)).cuda()) for _ in range(50)]
    train(model, loader, optimizer, scaler, epochs=3)
