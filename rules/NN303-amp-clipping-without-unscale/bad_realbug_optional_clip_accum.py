"""Fine-tune an image generator's denoiser with AMP, gradient accumulation and an optional clip value."""
import argparse

import torch
import torch.nn.functional as F
from torch import nn


def build_denoiser():
    return nn.Sequential(nn.Conv2d(4, 64, 3, padding=1), nn.SiLU(), nn.Conv2d(64, 64, 3, padding=1), nn.SiLU(), nn.Conv2d(64, 4, 3, padding=1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clip_grad_norm", type=float, default=None)
    parser.add_argument("--grad_accum", type=int, default=4)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    unet = build_denoiser().cuda()
    optimizer = torch.optim.AdamW(unet.parameters(), lr=1e-6)
    scaler = torch.cuda.amp.GradScaler()
    unet.train()
    for step in range(args.steps):
        latents = torch.randn(2, 4, 64, 64, device="cuda")
        noise = torch.randn_like(latents)
        with torch.autocast("cuda"):
            loss = F.mse_loss(unet(latents + noise), noise) / args.grad_accum
        scaler.scale(loss).backward()
        if (step + 1) % args.grad_accum == 0:
            if args.clip_grad_norm is not None:
                torch.nn.utils.clip_grad_norm_(unet.parameters(), args.clip_grad_norm)  # expect: NN303
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)


if __name__ == "__main__":
    main()
