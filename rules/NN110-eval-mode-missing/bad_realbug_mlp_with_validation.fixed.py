"""MNIST MLP with dropout: train, track the validation loss every epoch, keep the best weights."""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, SubsetRandomSampler, TensorDataset


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, 512), nn.Linear(512, 512), nn.Linear(512, 10)
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        x = x.view(-1, 784)
        x = self.dropout(F.relu(self.fc1(x)))
        x = self.dropout(F.relu(self.fc2(x)))
        return self.fc3(x)


data = TensorDataset(torch.rand(6000, 784), torch.randint(0, 10, (6000,)))
indices = np.random.permutation(len(data))
train_loader = DataLoader(data, batch_size=20, sampler=SubsetRandomSampler(indices[1200:]))
valid_loader = DataLoader(data, batch_size=20, sampler=SubsetRandomSampler(indices[:1200]))
model = Net()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
valid_loss_min = np.inf

for epoch in range(30):
    train_loss, valid_loss = 0.0, 0.0
    for data_b, target in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(data_b), target)
        loss.backward()
        optimizer.step()
        train_loss += loss.item() * data_b.size(0)
    model.eval()
    with torch.no_grad():
        for data_b, target in valid_loader:
            output = model(data_b)  # expect: NN110
            valid_loss += criterion(output, target).item() * data_b.size(0)
    valid_loss /= 1200
    if valid_loss <= valid_loss_min:
        torch.save(model.state_dict(), "model.pt")
        valid_loss_min = valid_loss
