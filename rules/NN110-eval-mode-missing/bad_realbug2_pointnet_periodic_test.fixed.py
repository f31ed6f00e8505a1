"""PointNet classification: every ten batches, one test batch is scored to follow accuracy during training."""
import torch
import torch.nn.functional as F
from torch import nn


class PointNetCls(nn.Module):
    def __init__(self, k: int = 16):
        super().__init__()
        self.conv1 = nn.Conv1d(3, 64, 1)
        self.conv2 = nn.Conv1d(64, 1024, 1)
        self.bn1 = nn.BatchNorm1d(64)
        self.bn2 = nn.BatchNorm1d(1024)
        self.fc = nn.Sequential(nn.Linear(1024, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3), nn.Linear(256, k))

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.bn2(self.conv2(x))
        x = torch.max(x, 2)[0]
        return F.log_softmax(self.fc(x), dim=1)


def train(classifier, train_batches, test_batches, nepoch: int = 5):
    optimizer = torch.optim.Adam(classifier.parameters(), lr=1e-3, betas=(0.9, 0.999))
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.5)
    for epoch in range(nepoch):
        for i, (points, target) in enumerate(train_batches):
            points = points.transpose(2, 1)
            optimizer.zero_grad()
            classifier.train()
            pred = classifier(points)
            loss = F.nll_loss(pred, target)
            loss.backward()
            optimizer.step()
            if i % 10 == 0:
                j, (points, target) = next(enumerate(test_batches))
                points = points.transpose(2, 1)
                classifier.eval()
                with torch.no_grad():
                    pred = classifier(points)  # expect: NN110
                    test_loss = F.nll_loss(pred, target)
                correct = pred.argmax(1).eq(target).sum().item()
                print(f"[{epoch}: {i}] test loss {test_loss.item():.3f} accuracy {correct / len(target):.3f}")
        scheduler.step()


if __name__ == "__main__":
    train_data = [(torch.randn(32, 2500, 3), torch.randint(0, 16, (32,))) for _ in range(30)]
    test_data = [(torch.randn(32, 2500, 3), torch.randint(0, 16, (32,))) for _ in range(5)]
    train(PointNetCls(), train_data, test_data)
