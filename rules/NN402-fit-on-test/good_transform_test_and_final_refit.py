# Fit on the training side, transform the test side; refit on everything after the score.
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)

scaler = StandardScaler().fit(X_train)
X_train_s = scaler.transform(X_train)
X_test_s = scaler.transform(X_test)

clf = LogisticRegression(max_iter=500).fit(X_train_s, y_train)
print("test accuracy:", accuracy_score(y_test, clf.predict(X_test_s)))

# Deployment model: refit on all labelled rows once the score has been reported.
X_all = np.concatenate([X_train, X_test])
y_all = np.concatenate([y_train, y_test])
final_scaler = StandardScaler().fit(X_all)
final = LogisticRegression(max_iter=500).fit(final_scaler.transform(X_all), y_all)
