"""Datasets that shuffle themselves: an IterableDataset and a Hugging Face streaming dataset."""
import random

import torch
import torch.nn.functional as F
from datasets import load_dataset
from torch.utils.data import DataLoader, IterableDataset


class ShardStream(IterableDataset):
    def __init__(self, shards):
        self.shards = list(shards)

    def __iter__(self):
        random.shuffle(self.shards)
        for shard in self.shards:
            yield from torch.load(shard, weights_only=True)


stream = ShardStream([f"shards/{i:04d}.pt" for i in range(128)])
loader = DataLoader(stream, batch_size=64)
hf_stream = load_dataset("c4", "en", split="train", streaming=True).shuffle(buffer_size=10_000, seed=0)
hf_loader = DataLoader(hf_stream.with_format("torch"), batch_size=16)

model = torch.nn.Linear(512, 10)
optimizer = torch.optim.Adam(model.parameters())
for source in (loader, hf_loader):
    for x, y in source:
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
