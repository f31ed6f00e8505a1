"""ViT-style: parameters filled by trunc_normal_ and self.apply(self._init_weights); meta init."""
import torch
from torch import nn
from torch.nn.init import trunc_normal_


class PatchEmbedWithTokens(nn.Module):
    def __init__(self, num_patches, dim, in_chans=3, patch=16):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, dim, kernel_size=patch, stride=patch)
        self.cls_token = nn.Parameter(torch.empty(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.empty(1, num_patches + 1, dim))
        self.layer_scale = nn.Parameter(torch.empty(dim))
        trunc_normal_(self.pos_embed, std=0.02)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, PatchEmbedWithTokens):
            nn.init.normal_(module.cls_token, std=1e-6)
            module.layer_scale.data.fill_(1e-5)
        elif isinstance(module, nn.Conv2d):
            nn.init.xavier_uniform_(module.weight)

    def forward(self, x):
        x = self.proj(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
        return (x + self.pos_embed) * self.layer_scale


class MetaLinear(nn.Module):
    """Built on the meta device on purpose; materialised later with to_empty() + load."""

    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features, device="meta"))

    def forward(self, x):
        return x @ self.weight.t()
