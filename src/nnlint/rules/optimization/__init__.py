"""NN3xx: gradients and optimisation."""
