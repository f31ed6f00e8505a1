"""Fine-tune a torchvision backbone under DDP; forward() bypasses the DDP wrapper."""
import os

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torchvision import models


def setup():
    dist.init_process_group("nccl")
    torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))


def run(loader, epochs=3):
    setup()
    backbone = models.resnet18(weights="IMAGENET1K_V1")
    backbone.fc = nn.Linear(backbone.fc.in_features, 5)
    backbone = backbone.cuda()
    ddp_model = DDP(backbone, device_ids=[torch.cuda.current_device()])
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(ddp_model.parameters(), lr=0.01, momentum=0.9)
    for epoch in range(epochs):
        ddp_model.train()
        for images, labels in loader:
            images = images.cuda(non_blocking=True)
            labels = labels.cuda(non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            logits = ddp_model.forward(images)  # expect: NN601
            loss = criterion(logits, labels)
            loss.backward()
            optimizer.step()
        if dist.get_rank() == 0:
            print(f"epoch {epoch}: loss {loss.item():.3f}")
    dist.destroy_process_group()
