# nnlint-test: select = ["NN501"]
# scikit-learn only: the estimators are built without random_state and seeded later, in the
# helper that fits them, with set_params(random_state=...). Runs are reproducible.
import time

from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import Perceptron, SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def fit_and_time(estimator, X_train, y_train, X_val, y_val, seed):
    """Fit one configuration with a fixed seed; return its wall time and scores."""
    estimator.set_params(random_state=seed)
    start = time.perf_counter()
    model = make_pipeline(StandardScaler(), estimator)
    model.fit(X_train, y_train)
    elapsed = time.perf_counter() - start
    return elapsed, model.score(X_train, y_train), model.score(X_val, y_val)


X, y = load_breast_cancer(return_X_y=True)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, stratify=y, random_state=7)

candidates = {
    "sgd, no early stopping": SGDClassifier(max_iter=500, tol=1e-4),
    "sgd, early stopping": SGDClassifier(max_iter=500, early_stopping=True, n_iter_no_change=5),
    "perceptron": Perceptron(max_iter=500, penalty="l2", alpha=1e-4),
}

for label, estimator in candidates.items():
    seconds, train_acc, val_acc = fit_and_time(estimator, X_train, y_train, X_val, y_val, seed=0)
    print(f"{label:>24}: {seconds:.3f}s  train {train_acc:.3f}  val {val_acc:.3f}")
