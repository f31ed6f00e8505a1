"""Fine-tune a video refocusing network with accelerate (mixed precision, warmup schedule)."""
import torch
from accelerate import Accelerator
from torch import nn


def build_model():
    return nn.Sequential(nn.Conv3d(3, 32, 3, padding=1), nn.SiLU(), nn.Conv3d(32, 3, 3, padding=1))


def main(num_steps=500):
    accelerator = Accelerator(mixed_precision="fp16", gradient_accumulation_steps=1)
    model = build_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
    lr_scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / 100))
    clips = [(torch.rand(1, 3, 8, 64, 64), torch.rand(1, 3, 8, 64, 64)) for _ in range(20)]
    model, optimizer, lr_scheduler = accelerator.prepare(model, optimizer, lr_scheduler)
    model.train()
    for step in range(num_steps):
        blurry, sharp = clips[step % len(clips)]
        with accelerator.accumulate(model):
            loss = nn.functional.mse_loss(model(blurry), sharp)
            accelerator.backward(loss)  # expect: NN103
            lr_scheduler.step()
            optimizer.zero_grad()
        if step % 50 == 0:
            accelerator.print(step, loss.item())


if __name__ == "__main__":
    main()
