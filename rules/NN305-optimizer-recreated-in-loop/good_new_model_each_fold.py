"""K-fold cross-validation: a new model and a new optimizer for every fold."""

import torch
from sklearn.model_selection import KFold
from torch import nn
from torch.utils.data import DataLoader, Subset


def make_model():
    return nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, 2))


def cross_validate(dataset, folds=5, epochs=20):
    scores = []
    for train_idx, val_idx in KFold(n_splits=folds, shuffle=True, random_state=0).split(range(len(dataset))):
        model = make_model()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loader = DataLoader(Subset(dataset, train_idx), batch_size=32, shuffle=True)
        for epoch in range(epochs):
            model.train()
            for x, y in loader:
                optimizer.zero_grad()
                nn.functional.cross_entropy(model(x), y).backward()
                optimizer.step()
        model.eval()
        with torch.no_grad():
            val = DataLoader(Subset(dataset, val_idx), batch_size=256)
            scores.append(sum((model(x).argmax(1) == y).sum().item() for x, y in val) / len(val_idx))
    return scores
