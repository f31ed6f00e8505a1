"""Domain-adversarial training (DANN): label classifier and domain discriminator behind a gradient reversal."""
import torch
from torch import nn


class GradReverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, alpha):
        ctx.alpha = alpha
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.alpha * grad, None


class LabelHead(nn.Module):
    def __init__(self, in_dim: int = 2352):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(in_dim, 100), nn.ReLU(), nn.Linear(100, 10))

    def forward(self, feats):
        return self.layers(feats)


class DomainHead(nn.Module):
    def __init__(self, in_dim: int = 2352):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(in_dim, 100), nn.ReLU(), nn.Linear(100, 2))

    def forward(self, feats, alpha):
        return self.layers(GradReverse.apply(feats, alpha))


def train_dann(encoder, label_head, domain_head, source, target, epochs: int = 5):
    class_loss_fn = nn.CrossEntropyLoss()
    domain_loss_fn = nn.CrossEntropyLoss()
    params = list(encoder.parameters()) + list(label_head.parameters()) + list(domain_head.parameters())
    optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.9)
    for module in (encoder, label_head, domain_head):
        module.train()
    for epoch in range(epochs):
        for (xs, ys), (xt, _) in zip(source, target):
            optimizer.zero_grad()
            fs, ft = encoder(xs), encoder(xt)
            class_loss = class_loss_fn(label_head(fs), ys)
            domains = torch.cat([torch.zeros(len(xs)), torch.ones(len(xt))]).long()
            domain_pred = domain_head(torch.cat([fs, ft]), 0.5)
            domain_loss = domain_loss_fn(domain_pred, domains)
            (class_loss + domain_loss).backward()
            optimizer.step()
        print(f"epoch {epoch}: class {class_loss.item():.3f} domain {domain_loss.item():.3f}")


if __name__ == "__main__":
    enc = nn.Sequential(nn.Conv2d(3, 48, 5, padding=2), nn.ReLU(), nn.Flatten(), nn.LazyLinear(2352))
    src = [(torch.randn(32, 3, 28, 28), torch.randint(0, 10, (32,))) for _ in range(20)]
    tgt = [(torch.randn(32, 3, 28, 28), None) for _ in range(20)]
    train_dann(enc, LabelHead(), DomainHead(), src, tgt)
