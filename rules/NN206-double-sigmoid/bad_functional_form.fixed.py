"""Multi-label tagger: torch.sigmoid applied before the with-logits loss."""
import torch
import torch.nn as nn
import torch.nn.functional as F

encoder = nn.Sequential(nn.Linear(512, 256), nn.ReLU(), nn.Dropout(0.1))
tagger = nn.Linear(256, 40)
params = list(encoder.parameters()) + list(tagger.parameters())
optimizer = torch.optim.AdamW(params, lr=3e-4)


def training_step(features, tags):
    optimizer.zero_grad()
    scores = tagger(encoder(features))
    loss = F.binary_cross_entropy_with_logits(scores, tags)  # expect: NN206
    loss.backward()
    optimizer.step()
    return loss.item()


def pos_weighted_step(features, tags, pos_weight):
    optimizer.zero_grad()
    loss = nn.BCEWithLogitsLoss(pos_weight=pos_weight)(tagger(encoder(features)), tags)  # expect: NN206
    loss.backward()
    optimizer.step()
    return loss.item()
