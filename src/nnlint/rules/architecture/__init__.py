"""NN2xx: model architecture, activations, losses and initialisation."""
