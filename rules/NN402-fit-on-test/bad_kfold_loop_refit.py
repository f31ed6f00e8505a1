"""Cross-validated ridge regression where each test fold gets its own scaler."""
import numpy as np
from sklearn.datasets import fetch_california_housing
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import KFold
from sklearn.preprocessing import RobustScaler


def evaluate(alpha: float) -> float:
    X, y = fetch_california_housing(return_X_y=True)
    scores = []
    for train_idx, test_idx in KFold(n_splits=5, shuffle=True, random_state=0).split(X):
        X_train, y_train = X[train_idx], y[train_idx]
        X_test, y_test = X[test_idx], y[test_idx]
        X_train = RobustScaler().fit_transform(X_train)
        X_test = RobustScaler().fit_transform(X_test)  # expect: NN402
        model = Ridge(alpha=alpha).fit(X_train, y_train)
        scores.append(r2_score(y_test, model.predict(X_test)))
    return float(np.mean(scores))


if __name__ == "__main__":
    for alpha in (0.1, 1.0, 10.0):
        print(alpha, evaluate(alpha))
