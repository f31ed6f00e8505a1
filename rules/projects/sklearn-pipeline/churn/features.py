"""Feature scaling and class balancing shared by the training scripts."""
from imblearn.over_sampling import SMOTE
from sklearn.preprocessing import StandardScaler


def scale(X):
    """Standardise the columns of X (fits a new scaler on X)."""
    return StandardScaler().fit_transform(X)


def normalise(X):
    return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)


def scale_features(X_train, X_test):
    """Fit on the training rows only and apply the same scaling to the test rows."""
    scaler = StandardScaler()
    X_train = scaler.fit_transform(X_train)
    X_test = scaler.transform(X_test)
    return X_train, X_test


def fit_scaler(X_train):
    return StandardScaler().fit(X_train)


def preprocess(X, scaler=None, fit=False):
    """Scale X; learn the scaling only when asked to (on the training rows)."""
    if scaler is None:
        scaler = StandardScaler()
    if fit:
        scaler.fit(X)
    return scaler.transform(X), scaler


def balance(X, y, seed=0):
    """Oversample the churners so both classes are the same size."""
    return SMOTE(random_state=seed).fit_resample(X, y)
