"""NN6xx: API misuse and safety."""
