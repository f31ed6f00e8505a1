"""BCELoss on values that are not a sigmoid output here: probabilities from a helper, a mask."""
import torch
import torch.nn as nn
import torch.nn.functional as F

criterion = nn.BCELoss()


def mask_loss(pred_mask, target_mask):
    # pred_mask arrives as probabilities from a segmentation head defined elsewhere.
    return criterion(pred_mask.clamp(1e-6, 1 - 1e-6), target_mask)


def reconstruction_loss(decoder, z, x):
    recon = decoder(z)
    return F.binary_cross_entropy(recon, x, reduction="sum")
