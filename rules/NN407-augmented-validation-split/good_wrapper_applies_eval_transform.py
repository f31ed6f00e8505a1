"""random_split of an untransformed dataset; each part is wrapped with its own transform."""
import torch
from torch.utils.data import Dataset, random_split
from torchvision import datasets, transforms


class WithTransform(Dataset):
    def __init__(self, subset, transform):
        self.subset = subset
        self.transform = transform

    def __len__(self):
        return len(self.subset)

    def __getitem__(self, index):
        image, label = self.subset[index]
        return self.transform(image), label


raw = datasets.ImageFolder("birds/train")
train_part, val_part = random_split(raw, [0.85, 0.15], generator=torch.Generator().manual_seed(3))
train_set = WithTransform(train_part, transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor()]))
val_set = WithTransform(val_part, transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()]))

