"""Multi-head self-attention block of a masked neural-activity transformer."""
import torch
import torch.nn.functional as F
from torch import nn


class NeuralAttention(nn.Module):
    def __init__(self, hidden: int = 256, n_heads: int = 8, attn_dropout: float = 0.1):
        super().__init__()
        self.n_heads = n_heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.dropout = attn_dropout

    def forward(self, x, attn_mask=None):
        b, t, d = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q, k, v = (z.view(b, t, self.n_heads, d // self.n_heads).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, dropout_p=self.dropout if self.training else 0.0)
        return self.out(y.transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, hidden: int = 256):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(hidden), nn.LayerNorm(hidden)
        self.attn = NeuralAttention(hidden)
        self.mlp = nn.Sequential(nn.Linear(hidden, 4 * hidden), nn.GELU(), nn.Linear(4 * hidden, hidden))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


if __name__ == "__main__":
    block = Block()
    block.eval()
    with torch.no_grad():
        print(block(torch.randn(2, 100, 256)).shape)
