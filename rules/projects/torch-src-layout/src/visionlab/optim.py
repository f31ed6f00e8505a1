import torch


def build_optimizer(model, lr):
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)


def clear_gradients(optimizer):
    """Cheaper than zero-filling: the next backward allocates fresh gradients."""
    optimizer.zero_grad(set_to_none=True)


def apply_update(optimizer, model, max_norm=1.0):
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
