# MNIST with only ToTensor/Normalize: splitting one dataset is fine, nothing is random.
import torch
from tensorflow import keras
from torch.utils.data import random_split
from torchvision import datasets, transforms

tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
mnist = datasets.MNIST("data", train=True, download=True, transform=tf)
train_set, val_set = random_split(mnist, [50000, 10000], generator=torch.Generator().manual_seed(0))

plain = keras.preprocessing.image.ImageDataGenerator(rescale=1.0 / 255, validation_split=0.2)
train_gen = plain.flow_from_directory("leaves", subset="training")
val_gen = plain.flow_from_directory("leaves", subset="validation")

val_ds = keras.utils.image_dataset_from_directory("leaves", validation_split=0.2, subset="validation", seed=1)
