"""Calibrate a boosted model on a validation split, report on the untouched test split."""
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import fetch_covtype
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split

X, y = fetch_covtype(return_X_y=True)
y = (y == 2).astype(int)
X_trainval, X_test, y_trainval, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_trainval, y_trainval, test_size=0.25, random_state=0)

booster = HistGradientBoostingClassifier(max_iter=300, random_state=0).fit(X_train, y_train)
calibrated = CalibratedClassifierCV(booster, method="isotonic", cv="prefit")
calibrated.fit(X_val, y_val)

print("raw log loss:", log_loss(y_test, booster.predict_proba(X_test)))
print("calibrated log loss:", log_loss(y_test, calibrated.predict_proba(X_test)))
