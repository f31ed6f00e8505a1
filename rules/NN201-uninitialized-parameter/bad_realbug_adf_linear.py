"""Assumed-density-filtering linear layer: propagates a mean and a variance through the network."""
import torch
import torch.nn.functional as F
from torch import nn


class ADFLinear(nn.Module):
    def __init__(self, in_features: int, out_features: int, bias: bool = True):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = nn.Parameter(torch.Tensor(out_features, in_features))  # expect: NN201
        if bias:
            self.bias = nn.Parameter(torch.Tensor(out_features))  # expect: NN201
        else:
            self.register_parameter("bias", None)

    def forward(self, inputs_mean, inputs_variance):
        outputs_mean = F.linear(inputs_mean, self.weight, self.bias)
        outputs_variance = F.linear(inputs_variance, self.weight ** 2, None)
        return outputs_mean, outputs_variance


class ADFNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = ADFLinear(784, 256)
        self.fc2 = ADFLinear(256, 10)

    def forward(self, x, noise_variance=1e-3):
        mean, var = self.fc1(x, torch.full_like(x, noise_variance))
        mean, var = F.relu(mean), var * (mean > 0).float()
        return self.fc2(mean, var)


if __name__ == "__main__":
    mean, var = ADFNet()(torch.rand(8, 784))
    print(mean.shape, var.mean())
