"""Reverse distillation for anomaly detection: a projection layer and a student decoder, two optimizers, accumulated steps."""
import torch
import torch.nn.functional as F
from torch import nn


def cosine_distill_loss(teacher_feats, student_feats):
    return sum((1 - F.cosine_similarity(t.flatten(1), s.flatten(1))).mean() for t, s in zip(teacher_feats, student_feats))


def train(encoder, projector, bottleneck, decoder, loader, epochs: int = 10, accumulation_steps: int = 2, proj_weight: float = 0.2):
    optimizer_proj = torch.optim.Adam(projector.parameters(), lr=1e-3, betas=(0.5, 0.999))
    optimizer_distill = torch.optim.Adam(list(decoder.parameters()) + list(bottleneck.parameters()), lr=5e-3, betas=(0.5, 0.999))
    encoder.eval()
    for epoch in range(epochs):
        projector.train()
        bottleneck.train()
        decoder.train()
        running = 0.0
        for i, (images, noisy) in enumerate(loader):
            with torch.no_grad():
                inputs = encoder(images)
                noisy_inputs = encoder(noisy)
            features = projector(noisy_inputs)
            loss_proj = F.mse_loss(features, inputs)
            outputs = decoder(bottleneck(features))
            loss = cosine_distill_loss([inputs], [outputs]) + proj_weight * loss_proj
            optimizer_proj.zero_grad()  # expect: NN102
            optimizer_distill.zero_grad()  # expect: NN102
            loss.backward()
            if (i + 1) % accumulation_steps == 0:
                optimizer_proj.step()
                optimizer_distill.step()
            running += loss.item()
        print(f"epoch {epoch}: loss {running / len(loader):.4f}")


if __name__ == "__main__":
    enc = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU())
    proj = nn.Sequential(nn.Conv2d(32, 32, 1), nn.ReLU())
    neck = nn.Sequential(nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU())
    dec = nn.Sequential(nn.Conv2d(32, 32, 3, padding=1), nn.ReLU())
    data = [(torch.randn(8, 3, 64, 64), torch.randn(8, 3, 64, 64)) for _ in range(20)]
    train(enc, proj, neck, dec, data)
