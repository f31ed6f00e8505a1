"""NN5xx: reproducibility."""
