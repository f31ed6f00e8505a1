"""Models held by plain classes whose mode is set elsewhere: in another method, by the caller."""
import torch
from torch import nn


class Tagger(nn.Module):
    def __init__(self, vocab: int = 5000, dim: int = 64, tags: int = 9):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(dim, tags)

    def forward(self, tokens):
        return self.out(self.drop(self.embed(tokens)))


class Predictor:
    """Loads weights in __init__ and switches to eval in a method the server calls first."""

    def __init__(self, checkpoint: str):
        self.model = Tagger()
        self.model.load_state_dict(torch.load(checkpoint, map_location="cpu", weights_only=True))

    def warm_up(self):
        self.model.eval()
        self.predict(torch.zeros(1, 8, dtype=torch.long))

    @torch.no_grad()
    def predict(self, tokens):
        return self.model(tokens).argmax(dim=-1)


class Exporter:
    """Hands its model to the caller, who decides the mode."""

    def __init__(self, checkpoint: str):
        self.net = Tagger()
        self.net.load_state_dict(torch.load(checkpoint, map_location="cpu", weights_only=True))

    def module(self):
        return self.net

    @torch.no_grad()
    def sample_output(self, tokens):
        return self.net(tokens)


class Evaluator:
    def __init__(self, pad_id: int = 0):
        self.pad_id = pad_id

    def evaluate(self, model, batches):
        correct = total = 0
        with torch.no_grad():
            for tokens, tags in batches:
                predicted = model(tokens).argmax(dim=-1)
                mask = tags.ne(self.pad_id)
                correct += predicted.eq(tags).masked_select(mask).sum().item()
                total += mask.sum().item()
        return correct / max(total, 1)


if __name__ == "__main__":
    server = Predictor("tagger.pt")
    server.warm_up()
    print(server.predict(torch.randint(1, 5000, (2, 12))))
    exporter = Exporter("tagger.pt")
    exporter.module().eval()
    print(exporter.sample_output(torch.randint(1, 5000, (2, 12))).shape)
    tagger = Tagger()
    tagger.load_state_dict(torch.load("tagger.pt", map_location="cpu", weights_only=True))
    tagger.eval()
    dev = [(torch.randint(1, 5000, (4, 12)), torch.randint(0, 9, (4, 12))) for _ in range(3)]
    print(Evaluator().evaluate(tagger, dev))
