"""The dropout rate chosen by branching on the mode, or passed in by the caller."""
import torch
from torch import nn
from torch.nn.functional import scaled_dot_product_attention


def sdpa_attention_forward(query, key, value, attention_mask=None, dropout=0.0, scaling=None):
    """transformers-style helper: the caller decides the rate."""
    return scaled_dot_product_attention(query, key, value, attn_mask=attention_mask, dropout_p=dropout, scale=scaling)


class Attention(nn.Module):
    def __init__(self, dim, attention_dropout=0.1):
        super().__init__()
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.attention_dropout = attention_dropout

    def forward(self, hidden_states, attention_mask=None):
        q, k, v = self.q_proj(hidden_states), self.k_proj(hidden_states), self.v_proj(hidden_states)
        return sdpa_attention_forward(q, k, v, attention_mask, dropout=0.0 if not self.training else self.attention_dropout)


class BranchingAttention(nn.Module):
    def __init__(self, dim, p=0.1):
        super().__init__()
        self.proj = nn.Linear(dim, dim * 3)
        self.p = p

    def forward(self, x):
        q, k, v = self.proj(x).chunk(3, dim=-1)
        if self.training:
            drop = self.p
        else:
            drop = 0.0
        return scaled_dot_product_attention(q, k, v, dropout_p=drop)

    def attend(self, q, k, v, dropout_p):
        return scaled_dot_product_attention(q, k, v, dropout_p=dropout_p)
