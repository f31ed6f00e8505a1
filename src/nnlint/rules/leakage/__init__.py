"""NN4xx: data splits and leakage."""
