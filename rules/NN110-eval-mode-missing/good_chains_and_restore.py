"""eval() spelled as a chain, train(False), and the was_training save-and-restore idiom."""
import torch
from torch import nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(16, 32), nn.BatchNorm1d(32), nn.ReLU())
        self.head = nn.Linear(32, 4)

    def forward(self, x):
        return self.head(self.body(x))


device = "cuda" if torch.cuda.is_available() else "cpu"
inputs = torch.randn(64, 16, device=device)

scorer = Classifier().to(device).eval()
with torch.no_grad():
    print(scorer(inputs).argmax(dim=1))

ranker = Classifier()
ranker.load_state_dict(torch.load("ranker.pt", weights_only=True))
ranker.train(False)
with torch.no_grad():
    print(ranker(inputs.cpu()).topk(2, dim=1).indices)


def evaluate(model, batch):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(batch)
    model.train(was_training)
    return out
