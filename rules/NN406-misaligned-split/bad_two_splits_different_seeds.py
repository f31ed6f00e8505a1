"""Regression baseline where the two splits use different seeds."""
import numpy as np
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split

SEED = 7


def run(features: np.ndarray, prices: np.ndarray) -> float:
    X_train, X_test = train_test_split(features, test_size=0.25, random_state=SEED)
    y_train, y_test = train_test_split(prices, test_size=0.25, random_state=0)  # expect: NN406
    forest = RandomForestRegressor(n_estimators=300, random_state=SEED)
    forest.fit(X_train, y_train)
    return mean_absolute_error(y_test, forest.predict(X_test))


def run_twice(features: np.ndarray, prices: np.ndarray) -> float:
    a_train, a_test = train_test_split(features, test_size=0.1, random_state=1)
    b_train, b_test = train_test_split(prices, test_size=0.1, random_state=2)  # expect: NN406
    forest = RandomForestRegressor(random_state=SEED).fit(a_train, b_train)
    return forest.score(a_test, b_test)


if __name__ == "__main__":
    data = np.load("houses.npz")
    print(run(data["X"], data["y"]), run_twice(data["X"], data["y"]))
