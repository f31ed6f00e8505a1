"""Single-shot detector head: softmax over class scores in the test phase."""
import torch
from torch import nn


class SSDHead(nn.Module):
    def __init__(self, phase: str, num_classes: int = 21, in_channels=(512, 1024), boxes=(4, 6)):
        super().__init__()
        self.phase = phase
        self.num_classes = num_classes
        self.loc = nn.ModuleList([nn.Conv2d(c, b * 4, 3, padding=1) for c, b in zip(in_channels, boxes)])
        self.conf = nn.ModuleList([nn.Conv2d(c, b * num_classes, 3, padding=1) for c, b in zip(in_channels, boxes)])
        if phase == "test":
            self.softmax = nn.Softmax(dim=-1)

    def forward(self, sources):
        loc = torch.cat([l(x).permute(0, 2, 3, 1).reshape(x.size(0), -1) for x, l in zip(sources, self.loc)], 1)
        conf = torch.cat([c(x).permute(0, 2, 3, 1).reshape(x.size(0), -1) for x, c in zip(sources, self.conf)], 1)
        if self.phase == "test":
            return loc.view(loc.size(0), -1, 4), self.softmax(conf.view(-1, self.num_classes))
        return loc.view(loc.size(0), -1, 4), conf.view(conf.size(0), -1, self.num_classes)


if __name__ == "__main__":
    head = SSDHead("test")
    head.eval()
    with torch.no_grad():
        boxes, scores = head([torch.randn(1, 512, 38, 38), torch.randn(1, 1024, 19, 19)])
    print(boxes.shape, scores.shape)
