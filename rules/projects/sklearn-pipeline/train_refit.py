"""Support vector machine; each split is scaled by its own call to scale()."""
from sklearn.metrics import accuracy_score
from sklearn.svm import SVC

from churn import load_and_split, scale

X_train, X_test, y_train, y_test = load_and_split("data/customers.csv", test_size=0.3)
X_train = scale(X_train)
X_test = scale(X_test)  # expect: NN402

svm = SVC(C=3.0, kernel="rbf", random_state=0)
svm.fit(X_train, y_train)
print("test accuracy", accuracy_score(y_test, svm.predict(X_test)))
