"""Resume training from a checkpoint saved with the optimizer state and the epoch."""
import argparse
import os

import torch
import torch.nn as nn


def build_model():
    return nn.Sequential(nn.Linear(128, 256), nn.ReLU(), nn.Linear(256, 10))


def load_checkpoint(path, model, optimizer, device):
    checkpoint = torch.load(path, map_location=device, weights_only=False)  # expect: NN602
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"] + 1


def save_checkpoint(path, model, optimizer, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--resume", default="")
    parser.add_argument("--pretrained", default="")
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = build_model().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    start_epoch = 0
    if args.pretrained:
        state = torch.load(args.pretrained)  # expect: NN602
        model.load_state_dict(state, strict=False)
    if args.resume and os.path.exists(args.resume):
        start_epoch = load_checkpoint(args.resume, model, optimizer, device)
    print(f"starting at epoch {start_epoch}")
    save_checkpoint("last.pt", model, optimizer, start_epoch)


if __name__ == "__main__":
    main()
