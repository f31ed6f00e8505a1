"""Bioacoustics classifier utilities: turn raw clip scores into probabilities for the prediction table."""
import warnings

import torch
from torch.nn.functional import softmax


def apply_activation_layer(x, activation_layer=None):
    """Apply an activation to a (clips, classes) score matrix.

    None keeps raw scores, 'softmax' makes classes sum to one, 'sigmoid' scores each class on
    its own, 'softmax_and_logit' applies softmax then maps back to the real line.
    """
    if activation_layer is None:
        pass
    elif activation_layer == "softmax":
        x = softmax(x, 1)
    elif activation_layer == "sigmoid":
        x = torch.sigmoid(x)
    elif activation_layer == "softmax_and_logit":
        try:
            x = torch.logit(softmax(x, 1))
        except NotImplementedError:
            warnings.warn("falling back to CPU for logit operation")
            original_device = x.device
            x = torch.logit(softmax(x, dim=-1).cpu()).to(original_device)  # expect: NN211
    else:
        raise ValueError(f"invalid option for activation_layer: {activation_layer}")
    return x


def predict(model, batches, activation_layer="softmax"):
    model.eval()
    rows = []
    with torch.no_grad():
        for spectrograms in batches:
            rows.append(apply_activation_layer(model(spectrograms), activation_layer))
    return torch.cat(rows)


if __name__ == "__main__":
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64 * 64, 5))
    print(predict(net, [torch.randn(4, 1, 64, 64) for _ in range(3)], "softmax_and_logit").shape)
