"""Two calls, but the same fixed random_state on the same number of rows: identical permutations."""
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

RANDOM_STATE = 42

images = np.load("digits_images.npy").reshape(1797, -1)
targets = np.load("digits_targets.npy")

img_train, img_test = train_test_split(images, test_size=0.3, random_state=RANDOM_STATE)
tgt_train, tgt_test = train_test_split(targets, test_size=0.3, random_state=RANDOM_STATE)
knn = KNeighborsClassifier(n_neighbors=3).fit(img_train, tgt_train)
print(knn.score(img_test, tgt_test))

x_train, x_test = train_test_split(images, test_size=0.3, random_state=3)
y_train, y_test = train_test_split(targets, test_size=0.3, random_state=3)
print(KNeighborsClassifier().fit(x_train, y_train).score(x_test, y_test))
