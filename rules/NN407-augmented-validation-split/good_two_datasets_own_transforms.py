"""Same files, two Dataset objects: the training one augments, the validation one does not."""
import torch
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

train_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(), transforms.ToTensor()])
eval_tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()])

train_full = datasets.ImageFolder("data/train", transform=train_tf)
eval_full = datasets.ImageFolder("data/train", transform=eval_tf)
perm = torch.randperm(len(train_full), generator=torch.Generator().manual_seed(0)).tolist()
split = int(0.9 * len(perm))
train_set = Subset(train_full, perm[:split])
val_set = Subset(eval_full, perm[split:])

train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=128)
