"""Loaders built by one helper: shuffle=is_train, distributed samplers, bucketing batch samplers."""
import torch
import torch.nn.functional as F
from torch.utils.data import BatchSampler, DataLoader, DistributedSampler, RandomSampler


def make_loader(dataset, batch_size, is_train):
    return DataLoader(dataset, batch_size=batch_size, shuffle=is_train, drop_last=is_train)


def train(model, train_set, val_set, epochs=5):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    train_loader = make_loader(train_set, 32, is_train=True)
    ddp_loader = DataLoader(train_set, batch_size=32, sampler=DistributedSampler(train_set))
    bucket_loader = DataLoader(train_set, batch_sampler=BatchSampler(RandomSampler(train_set), 32, drop_last=False))
    val_loader = DataLoader(val_set, batch_size=256)
    for epoch in range(epochs):
        model.train()
        for loader in (train_loader, ddp_loader, bucket_loader):
            for x, y in loader:
                optimizer.zero_grad()
                F.cross_entropy(model(x), y).backward()
                optimizer.step()
        model.eval()
        with torch.no_grad():
            total = sum(F.cross_entropy(model(x), y).item() for x, y in val_loader)
        print(epoch, total)
