"""torch.Tensor(data) and torch.FloatTensor(array) hold data, not uninitialised memory."""
import numpy as np
import torch
from torch import nn

pretrained = np.load("embeddings.npy")
X_train = torch.FloatTensor(np.random.rand(100, 8))


class FrozenEmbedding(nn.Module):
    def __init__(self, weights):
        super().__init__()
        self.weight = nn.Parameter(torch.Tensor(weights))
        self.class_weights = nn.Parameter(torch.FloatTensor(pretrained), requires_grad=False)
        self.scale = nn.Parameter(torch.Tensor([1.0, 0.5]))
        self.mean = nn.Parameter(torch.FloatTensor(X_train.mean(0)))

    def forward(self, ids):
        return nn.functional.embedding(ids, self.weight) * self.scale[0] + self.mean.sum()


class Buffered(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.running = nn.Parameter(torch.empty(size), requires_grad=False)

    def forward(self, x):
        return x - self.running
