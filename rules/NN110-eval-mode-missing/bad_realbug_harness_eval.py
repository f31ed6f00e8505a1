"""Evaluation recipe: load a fine-tuned checkpoint and score it on multiple-choice tasks."""
from dataclasses import dataclass

import torch
from torch import nn


class Decoder(nn.Module):
    def __init__(self, vocab: int = 32000, dim: int = 256, layers: int = 4):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        layer = nn.TransformerEncoderLayer(dim, nhead=8, dropout=0.1, batch_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers)
        self.out = nn.Linear(dim, vocab)

    def forward(self, tokens):
        return self.out(self.blocks(self.embed(tokens)))


@dataclass
class EvalConfig:
    checkpoint: str = "checkpoints/model_final.pt"
    device: str = "cpu"


class EvalRecipe:
    def __init__(self, cfg: EvalConfig):
        self.cfg = cfg
        self.model = Decoder().to(cfg.device)
        state = torch.load(cfg.checkpoint, map_location=cfg.device, weights_only=True)
        self.model.load_state_dict(state["model"])

    @torch.no_grad()
    def loglikelihood(self, context, continuation):
        tokens = torch.cat([context, continuation]).unsqueeze(0)
        logits = self.model(tokens)  # expect: NN110
        logprobs = logits.log_softmax(dim=-1)[0, len(context) - 1:-1]
        return logprobs.gather(1, continuation.unsqueeze(1)).sum().item()

    def evaluate(self, tasks):
        scores = []
        for context, choices, answer in tasks:
            ll = [self.loglikelihood(context, c) for c in choices]
            scores.append(int(max(range(len(ll)), key=ll.__getitem__) == answer))
        return sum(scores) / len(scores)


if __name__ == "__main__":
    tasks = [(torch.randint(0, 32000, (12,)), [torch.randint(0, 32000, (3,)) for _ in range(4)], 0) for _ in range(20)]
    print("accuracy:", EvalRecipe(EvalConfig()).evaluate(tasks))
