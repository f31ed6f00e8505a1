"""Stateful language model: the LSTM state lives on the module and is cut at every batch."""
import torch
import torch.nn.functional as F
from torch import nn


class StatefulLM(nn.Module):
    def __init__(self, vocab=2000, emb=64, hidden=128):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True)
        self.decoder = nn.Linear(hidden, vocab)
        self.hidden = None

    def forward(self, tokens):
        if self.hidden is not None:
            self.hidden = tuple(h.detach() for h in self.hidden)
        out, self.hidden = self.lstm(self.embed(tokens), self.hidden)
        return self.decoder(out)


class GatedCellTagger(nn.Module):
    def __init__(self, vocab=2000, emb=64, hidden=128, tags=12):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.cell = nn.GRUCell(emb, hidden)
        self.tagger = nn.Linear(hidden, tags)
        self.state = None

    def reset_state(self):
        self.state = None

    def forward(self, tokens):
        outputs = []
        for step in range(tokens.size(1)):
            self.state = self.cell(self.embed(tokens[:, step]), self.state)
            outputs.append(self.tagger(self.state))
        return torch.stack(outputs, dim=1)


def train(lm, tagger, batches):
    optimizer = torch.optim.Adam([*lm.parameters(), *tagger.parameters()], lr=1e-3)
    lm.train()
    tagger.train()
    for tokens, next_tokens, tags in batches:
        optimizer.zero_grad()
        tagger.reset_state()
        logits = lm(tokens)
        lm_loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), next_tokens.reshape(-1))
        tag_logits = tagger(tokens)
        tag_loss = F.cross_entropy(tag_logits.reshape(-1, tag_logits.size(-1)), tags.reshape(-1))
        lm_loss.backward(retain_graph=True)
        tag_loss.backward()
        optimizer.step()
    return lm_loss.item(), tag_loss.item()


if __name__ == "__main__":
    data = [(torch.randint(0, 2000, (4, 35)), torch.randint(0, 2000, (4, 35)), torch.randint(0, 12, (4, 35))) for _ in range(8)]
    print(train(StatefulLM(), GatedCellTagger(), data))
