"""Linear part of a CTR model over sparse and dense feature columns."""
import torch
from torch import nn


class Linear(nn.Module):
    def __init__(self, sparse_vocab_sizes, n_dense: int, init_std: float = 1e-4, device: str = "cpu"):
        super().__init__()
        self.embedding_dict = nn.ModuleDict({
            name: nn.Embedding(size, 1) for name, size in sparse_vocab_sizes.items()
        })
        for emb in self.embedding_dict.values():
            nn.init.normal_(emb.weight, mean=0, std=init_std)
        if n_dense > 0:
            self.weight = nn.Parameter(torch.Tensor(n_dense, 1).to(device))  # expect: NN214
            nn.init.normal_(self.weight, mean=0, std=init_std)

    def forward(self, sparse_inputs, dense_inputs):
        sparse_logit = sum(self.embedding_dict[name](idx).squeeze(-1) for name, idx in sparse_inputs.items())
        return sparse_logit + dense_inputs.matmul(self.weight)


if __name__ == "__main__":
    layer = Linear({"user": 100, "item": 500}, n_dense=4)
    print([name for name, _ in layer.named_parameters()])
    out = layer({"user": torch.randint(0, 100, (8, 1)), "item": torch.randint(0, 500, (8, 1))}, torch.randn(8, 4))
    print(out.shape)
