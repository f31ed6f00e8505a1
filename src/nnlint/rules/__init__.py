"""Rules, one module per rule, grouped by family (NN0xx tool ... NN6xx api)."""
