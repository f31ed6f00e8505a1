"""Mixture-of-experts layer: one batched linear map per expert and a top-k gate."""
import math

import torch
from torch import nn


class ExpertLinear(nn.Module):
    def __init__(self, num_expert: int, in_feat: int, out_feat: int):
        super().__init__()
        self.num_expert = num_expert
        self.weight = nn.Parameter(torch.Tensor(num_expert, out_feat, in_feat))
        self.bias = nn.Parameter(torch.zeros(num_expert, out_feat))
        self.reset_parameters()

    def reset_parameters(self):
        for expert in range(self.num_expert):
            nn.init.kaiming_uniform_(self.weight[expert], a=math.sqrt(5))

    def forward(self, x, expert_idx):
        w = self.weight[expert_idx]
        return torch.bmm(w, x.unsqueeze(-1)).squeeze(-1) + self.bias[expert_idx]


class MoE(nn.Module):
    def __init__(self, num_expert: int = 4, d_model: int = 64, top_k: int = 1):
        super().__init__()
        self.gate = nn.Linear(d_model, num_expert)
        self.experts = ExpertLinear(num_expert, d_model, d_model)
        self.top_k = top_k

    def forward(self, x):
        scores = torch.softmax(self.gate(x), dim=-1)
        weight, idx = scores.topk(self.top_k, dim=-1)
        return weight[:, :1] * self.experts(x, idx[:, 0])


if __name__ == "__main__":
    moe = MoE()
    print(moe(torch.randn(16, 64)).std())
