# -*- coding: utf-8 -*-
"""Non-ASCII identifiers and strings are fine."""

taux_apprentissage = 0.01  # « learning rate »
époques = 10
print("Entraînement :", époques, "époques, lr =", taux_apprentissage)
