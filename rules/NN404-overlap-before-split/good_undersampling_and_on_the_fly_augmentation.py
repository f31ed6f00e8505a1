# Undersampling removes rows (nothing is duplicated); image augmentation happens on the fly.
import pandas as pd
from imblearn.under_sampling import RandomUnderSampler
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC
from sklearn.utils import resample
from tensorflow import keras

df = pd.read_csv("reviews.csv")
X = df[["len", "stars", "helpful"]]
y = df["label"]
X_under, y_under = RandomUnderSampler(random_state=0).fit_resample(X, y)
X_train, X_test, y_train, y_test = train_test_split(X_under, y_under, random_state=0)
print(LinearSVC().fit(X_train, y_train).score(X_test, y_test))

majority = df[df.label == 0]
majority_down = resample(majority, replace=False, n_samples=1000, random_state=0)
small = pd.concat([majority_down, df[df.label == 1]])
small_train, small_test = train_test_split(small, random_state=0)

augment = keras.Sequential([keras.layers.RandomFlip("horizontal"), keras.layers.RandomRotation(0.1)])
generator = keras.preprocessing.image.ImageDataGenerator(rotation_range=15, horizontal_flip=True)
train_flow = generator.flow_from_directory("images/train", target_size=(128, 128), batch_size=32)
