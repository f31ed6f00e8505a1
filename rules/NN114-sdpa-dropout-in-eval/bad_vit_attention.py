"""Vision-transformer attention with the dropout rate passed positionally or via a local."""
import torch
from torch import nn


class Attention(nn.Module):
    def __init__(self, dim, num_heads=8, attn_drop=0.0, proj_drop=0.0):
        super().__init__()
        self.num_heads = num_heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        self.proj_drop = nn.Dropout(proj_drop)
        self.attn_drop = attn_drop

    def forward(self, x, mask=None):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, C // self.num_heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        x = nn.functional.scaled_dot_product_attention(q, k, v, mask, self.attn_drop)  # expect: NN114
        x = x.transpose(1, 2).reshape(B, N, C)
        return self.proj_drop(self.proj(x))


class CrossAttention(nn.Module):
    def __init__(self, dim, num_heads=8, dropout=0.1):
        super().__init__()
        self.num_heads = num_heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, dim * 2)
        self.dropout = dropout

    def forward(self, x, context):
        B, N, C = x.shape
        q = self.q(x).view(B, N, self.num_heads, -1).transpose(1, 2)
        k, v = self.kv(context).view(B, -1, 2, self.num_heads, C // self.num_heads).permute(2, 0, 3, 1, 4)
        p = self.dropout
        out = torch.nn.functional.scaled_dot_product_attention(q, k, v, dropout_p=p)  # expect: NN114
        return out.transpose(1, 2).reshape(B, N, C)
