"""Minimal state-space language model: load pretrained weights downloaded from the model hub."""
import json

import torch
from huggingface_hub import hf_hub_download
from torch import nn


class MinimalLM(nn.Module):
    def __init__(self, d_model: int, n_layer: int, vocab_size: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, d_model)
        self.layers = nn.ModuleList([nn.Linear(d_model, d_model) for _ in range(n_layer)])
        self.norm_f = nn.LayerNorm(d_model)
        self.lm_head = nn.Linear(d_model, vocab_size, bias=False)

    def forward(self, input_ids):
        x = self.embedding(input_ids)
        for layer in self.layers:
            x = x + torch.nn.functional.silu(layer(x))
        return self.lm_head(self.norm_f(x))

    @staticmethod
    def from_pretrained(repo_id: str):
        with open(hf_hub_download(repo_id, "config.json")) as f:
            config = json.load(f)
        model = MinimalLM(config["d_model"], config["n_layer"], config["vocab_size"])
        weights_file = hf_hub_download(repo_id, "pytorch_model.bin")
        state_dict = torch.load(weights_file, map_location="cpu", mmap=True, weights_only=True)
        model.load_state_dict(state_dict, strict=False)
        return model


if __name__ == "__main__":
    lm = MinimalLM.from_pretrained("some-org/minimal-130m")
    lm.eval()
    with torch.no_grad():
        print(lm(torch.tensor([[1, 2, 3]])).argmax(-1))
