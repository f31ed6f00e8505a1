"""Train an MLP with dropout on Fashion-MNIST-like data, then report the test loss and per-class accuracy."""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 512)
        self.fc2 = nn.Linear(512, 10)
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        x = self.dropout(F.relu(self.fc1(x.view(-1, 784))))
        return self.fc2(x)


x, y = torch.rand(6000, 784), torch.randint(0, 10, (6000,))
train_loader = DataLoader(TensorDataset(x[:5000], y[:5000]), batch_size=64, shuffle=True)
test_loader = DataLoader(TensorDataset(x[5000:], y[5000:]), batch_size=64)
model = Net()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

for epoch in range(10):
    model.train()
    for data, target in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(data), target)
        loss.backward()
        optimizer.step()

test_loss = 0.0
class_correct, class_total = np.zeros(10), np.zeros(10)
model.eval()
with torch.no_grad():
    for data, target in test_loader:
        output = model(data)  # expect: NN110
        test_loss += criterion(output, target).item() * data.size(0)
        pred = output.argmax(dim=1)
        for label, ok in zip(target.tolist(), (pred == target).tolist()):
            class_correct[label] += ok
            class_total[label] += 1
print(f"Test loss: {test_loss / len(test_loader.dataset):.4f}")
print("Per-class accuracy:", np.round(class_correct / class_total, 3))
