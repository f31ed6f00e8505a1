import torch

def train(model, loader, optimizer):
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(inputs), targets  # expect: NN001
        loss.backward()
        optimizer.step()
