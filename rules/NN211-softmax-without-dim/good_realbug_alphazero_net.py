"""Policy-value network for self-play board games (AlphaZero style)."""
import torch
import torch.nn.functional as F
from torch import nn


class BoardNet(nn.Module):
    def __init__(self, board_x: int = 6, board_y: int = 6, action_size: int = 37, channels: int = 64):
        super().__init__()
        self.board_x, self.board_y = board_x, board_y
        self.conv1 = nn.Conv2d(1, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.bn1, self.bn2 = nn.BatchNorm2d(channels), nn.BatchNorm2d(channels)
        self.fc1 = nn.Linear(channels * board_x * board_y, 256)
        self.fc_pi = nn.Linear(256, action_size)
        self.fc_v = nn.Linear(256, 1)

    def forward(self, boards):
        s = boards.view(-1, 1, self.board_x, self.board_y)
        s = F.relu(self.bn1(self.conv1(s)))
        s = F.relu(self.bn2(self.conv2(s)))
        s = F.dropout(F.relu(self.fc1(s.flatten(1))), p=0.3, training=self.training)
        pi = self.fc_pi(s)
        v = self.fc_v(s)
        return F.log_softmax(pi, dim=1), torch.tanh(v)


if __name__ == "__main__":
    net = BoardNet()
    net.eval()
    with torch.no_grad():
        log_pi, v = net(torch.randn(4, 6, 6))
    print(log_pi.exp().sum(1), v.squeeze(1))
