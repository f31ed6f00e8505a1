"""Compare a few classifiers on three synthetic 2-D datasets."""
from sklearn.datasets import make_circles, make_classification, make_moons
from sklearn.neighbors import KNeighborsClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

X, y = make_classification(n_features=2, n_redundant=0, n_informative=2, random_state=1, n_clusters_per_class=1)
datasets = [make_moons(noise=0.3, random_state=0), make_circles(noise=0.2, factor=0.5, random_state=1), (X, y)]
classifiers = {
    "Nearest Neighbors": KNeighborsClassifier(3),
    "RBF SVM": SVC(gamma=2, C=1, random_state=42),
    "Decision Tree": DecisionTreeClassifier(max_depth=5, random_state=42),
}

for ds_cnt, (X, y) in enumerate(datasets):
    X = StandardScaler().fit_transform(X)  # expect: NN401
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=42)
    for name, clf in classifiers.items():
        clf.fit(X_train, y_train)
        print(f"dataset {ds_cnt} {name}: {clf.score(X_test, y_test):.2f}")
