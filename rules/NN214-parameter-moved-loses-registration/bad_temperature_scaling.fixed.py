"""Temperature scaling for calibration (Guo et al. 2017), with the temperature moved to the GPU."""
import torch
from torch import nn, optim


class ModelWithTemperature(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model
        self.temperature = nn.Parameter((torch.ones(1) * 1.5).cuda())  # expect: NN214

    def forward(self, x):
        return self.model(x) / self.temperature


def set_temperature(wrapper, valid_loader):
    nll = nn.CrossEntropyLoss().cuda()
    wrapper.model.eval()
    logits, labels = [], []
    with torch.no_grad():
        for x, y in valid_loader:
            logits.append(wrapper.model(x.cuda()))
            labels.append(y.cuda())
    logits, labels = torch.cat(logits), torch.cat(labels)
    optimizer = optim.LBFGS([wrapper.temperature], lr=0.01, max_iter=50)

    def closure():
        optimizer.zero_grad()
        loss = nll(logits / wrapper.temperature, labels)
        loss.backward()
        return loss

    optimizer.step(closure)
    return wrapper
