"""Differentiable mesh renderer: place the camera with a look-at transform before projecting the vertices."""
import numpy as np
import torch
import torch.nn.functional as F


def look(vertices, eye, direction=(0, 1, 0), up=None):
    """Express vertices (batch, n, 3) in the frame of a camera at `eye` looking along `direction`."""
    device = vertices.device
    if isinstance(direction, (list, tuple)):
        direction = torch.tensor(direction, dtype=torch.float32, device=device)
    elif isinstance(direction, np.ndarray):
        direction = torch.from_numpy(direction).to(device)
    elif torch.is_tensor(direction):
        direction = direction.to(device)  # expect: NN603
    if isinstance(eye, (list, tuple)):
        eye = torch.tensor(eye, dtype=torch.float32, device=device)
    elif isinstance(eye, np.ndarray):
        eye = torch.from_numpy(eye).to(device)
    elif torch.is_tensor(eye):
        eye = eye.to(device)
    if up is None:
        up = torch.tensor([0.0, 1.0, 0.0], device=device)
    if eye.ndimension() == 1:
        eye = eye[None, :]
    if direction.ndimension() == 1:
        direction = direction[None, :]
    z_axis = F.normalize(direction, eps=1e-5)
    x_axis = F.normalize(torch.cross(up.expand_as(z_axis), z_axis, dim=1), eps=1e-5)
    y_axis = F.normalize(torch.cross(z_axis, x_axis, dim=1), eps=1e-5)
    r = torch.stack((x_axis, y_axis, z_axis), dim=1)
    if vertices.shape != eye[:, None, :].shape:
        eye = eye[:, None, :]
    return torch.matmul(vertices - eye, r.transpose(1, 2))


if __name__ == "__main__":
    verts = torch.rand(2, 642, 3)
    print(look(verts, eye=[0.0, 0.0, -2.7], direction=torch.tensor([0.0, 0.0, 1.0])).shape)
