"""NN1xx: the training loop and evaluation mode (PyTorch)."""
