# A script exported from a notebook: top-level code, comments that look like magics.
# %matplotlib inline
# !pip install torch
import torch

x = torch.randn(4, 3)
print(f"{x.shape=}")
