# Two spellings of the same mistake: torch Subset indices, Keras ImageDataGenerator subsets.
import numpy as np
from tensorflow import keras
from torch.utils.data import Subset
from torchvision import datasets, transforms

augment = transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.ColorJitter(0.2, 0.2), transforms.ToTensor()])
cifar = datasets.CIFAR10("data", train=True, download=True, transform=augment)
indices = np.random.default_rng(0).permutation(len(cifar))
train_subset = Subset(cifar, indices[:45000])
val_subset = Subset(cifar, indices[45000:])  # expect: NN407

datagen = keras.preprocessing.image.ImageDataGenerator(
    rescale=1.0 / 255,
    rotation_range=20,
    zoom_range=0.2,
    horizontal_flip=True,
    validation_split=0.2,
)
train_gen = datagen.flow_from_directory("leaves", target_size=(224, 224), subset="training")
val_gen = datagen.flow_from_directory("leaves", target_size=(224, 224), subset="validation")  # expect: NN407
