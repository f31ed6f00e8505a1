"""The same loop, with estimate_loss() restoring training mode."""
import torch

from model import GPT

block_size, batch_size, eval_iters = 128, 32, 50
data = {"train": torch.randint(0, 65, (100_000,)), "val": torch.randint(0, 65, (10_000,))}
torch.manual_seed(1337)


def get_batch(split):
    source = data[split]
    starts = torch.randint(len(source) - block_size, (batch_size,))
    x = torch.stack([source[i : i + block_size] for i in starts])
    y = torch.stack([source[i + 1 : i + 1 + block_size] for i in starts])
    return x, y


model = GPT(vocab_size=65, block_size=block_size)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)


@torch.no_grad()
def estimate_loss():
    model.eval()
    losses = torch.zeros(eval_iters)
    for k in range(eval_iters):
        _, loss = model(*get_batch("val"))
        losses[k] = loss.item()
    model.train()
    return losses.mean()


for step in range(5000):
    if step % 250 == 0:
        print(step, estimate_loss())
    _, loss = model(*get_batch("train"))
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
