"""Compare StandardScaler and RobustScaler before a linear classifier on data with outliers."""
import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import RobustScaler, StandardScaler

rng = np.random.RandomState(42)
X = rng.randn(400, 2)
y = (X[:, 0] + X[:, 1] > 0).astype(int)
X[:20] *= 25
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=42)

standard_scaler = StandardScaler()
Xtr_s = standard_scaler.fit_transform(X_train)
Xte_s = standard_scaler.transform(X_test)

robust_scaler = RobustScaler()
Xtr_r = robust_scaler.fit_transform(X_train)
Xte_r = robust_scaler.fit_transform(X_test)  # expect: NN402

clf = SGDClassifier(loss="hinge", random_state=0)
print("Testset accuracy using standard scaler: %.3f" % clf.fit(Xtr_s, y_train).score(Xte_s, y_test))
print("Testset accuracy using robust scaler:   %.3f" % clf.fit(Xtr_r, y_train).score(Xte_r, y_test))
