"""Reading the customer table and cutting it into train and test."""
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

TARGET = "churned"
DROP = ["customer_id", "signup_date"]


def load_customers(path):
    df = pd.read_csv(path)
    df = df.drop(columns=DROP)
    df = pd.get_dummies(df, columns=["plan", "region"])
    X = df.drop(columns=[TARGET]).to_numpy(dtype="float32")
    y = df[TARGET].to_numpy()
    return X, y


def load_and_split(path, test_size=0.2, seed=0):
    """Features and labels, split once with a fixed seed (stratified on churn)."""
    X, y = load_customers(path)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    return X_train, X_test, y_train, y_test


def load_scaled_and_split(path, seed=0):
    """The quick version from the first notebook: scales everything, then splits."""
    X, y = load_customers(path)
    X = StandardScaler().fit_transform(X)
    return train_test_split(X, y, test_size=0.2, random_state=seed)
