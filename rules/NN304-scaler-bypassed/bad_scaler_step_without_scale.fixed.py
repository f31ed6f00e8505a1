"""Audio classifier: scaler.step() is used but the loss was never scaled."""

import torch
import torch.nn as nn

model = nn.Sequential(nn.Conv1d(1, 32, 9), nn.ReLU(), nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(32, 35))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
scaler = torch.amp.GradScaler("cuda")
criterion = nn.CrossEntropyLoss()

for epoch in range(30):
    for step in range(100):
        waveform = torch.randn(64, 1, 16000)
        labels = torch.randint(0, 35, (64,))
        with torch.autocast("cuda"):
            loss = criterion(model(waveform), labels)
        optimizer.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(optimizer)  # expect: NN304
        scaler.update()
