"""NN0xx: problems with the file itself."""
