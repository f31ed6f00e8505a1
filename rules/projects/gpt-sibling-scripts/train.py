"""Train the GPT of model.py; every `eval_interval` steps, estimate the losses."""
import torch

from model import GPT

block_size, batch_size, max_iters, eval_interval, eval_iters = 128, 32, 5000, 250, 50
init_from = "scratch"
data = {"train": torch.randint(0, 65, (100_000,)), "val": torch.randint(0, 65, (10_000,))}
torch.manual_seed(1337)


def get_batch(split):
    source = data[split]
    starts = torch.randint(len(source) - block_size, (batch_size,))
    x = torch.stack([source[i : i + block_size] for i in starts])
    y = torch.stack([source[i + 1 : i + 1 + block_size] for i in starts])
    return x, y


if init_from == "scratch":
    model = GPT(vocab_size=65, block_size=block_size)
else:
    model = GPT.from_pretrained("ckpt.pt", dropout=0.0)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)


@torch.no_grad()
def estimate_loss():
    out = {}
    model.eval()  # expect: NN111
    for split in ("train", "val"):
        losses = torch.zeros(eval_iters)
        for k in range(eval_iters):
            x, y = get_batch(split)
            _, loss = model(x, y)
            losses[k] = loss.item()
        out[split] = losses.mean()
    return out


for step in range(max_iters):
    if step % eval_interval == 0:
        losses = estimate_loss()
        print(f"step {step}: train {losses['train']:.4f}, val {losses['val']:.4f}")
    x, y = get_batch("train")
    _, loss = model(x, y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
