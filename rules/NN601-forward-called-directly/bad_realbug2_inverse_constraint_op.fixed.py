"""Reconstruction operators: box constraints enforced by a change of variables, and the inverse operator."""
import torch
from torch import nn


def sigmoid_inverse(x: torch.Tensor, beta: float = 1.0) -> torch.Tensor:
    return torch.logit(x) / beta


class ConstraintsOp(nn.Module):
    """Maps unconstrained values into [lower, upper] with a scaled sigmoid."""

    def __init__(self, lower: float, upper: float, beta: float = 1.0):
        super().__init__()
        self.register_buffer("lower", torch.tensor(lower))
        self.register_buffer("upper", torch.tensor(upper))
        self.beta = beta

    def forward(self, *x: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return tuple(self.lower + (self.upper - self.lower) * torch.sigmoid(self.beta * item) for item in x)

    def invert(self, *x_constrained: torch.Tensor) -> tuple[torch.Tensor, ...]:
        scale = self.upper - self.lower
        return tuple(sigmoid_inverse((item - self.lower) / scale, self.beta) for item in x_constrained)


class InverseConstraintOp(nn.Module):
    """The inverse of a ConstraintsOp: forward and invert swap roles."""

    def __init__(self, constraints_op: ConstraintsOp):
        super().__init__()
        self.constraints_op = constraints_op

    def forward(self, *x: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return self.constraints_op.invert(*x)

    def invert(self, *x_constrained: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return self.constraints_op(*x_constrained)  # expect: NN601


if __name__ == "__main__":
    op = ConstraintsOp(lower=0.0, upper=2.0)
    inverse = InverseConstraintOp(op)
    t1 = torch.randn(5)
    (back,) = inverse.invert(*inverse(*op(t1)))
    print(torch.allclose(back, op(t1)[0], atol=1e-5))
