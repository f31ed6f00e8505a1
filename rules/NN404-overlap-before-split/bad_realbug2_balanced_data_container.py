"""A small modelling toolkit: a Data container that can rebalance classes before the train/test split."""
import logging

import pandas as pd
from imblearn.over_sampling import RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split


class Data:
    def __init__(self):
        self.X_train = self.X_test = self.y_train = self.y_test = None

    def split_data(self, X: pd.DataFrame, y: pd.Series, share_train: float = 0.8, balance=None):
        if X.shape[0] != y.shape[0]:
            logging.warning("X and y are not the same length")
        if balance == "upsample":
            ros = RandomOverSampler(random_state=0)
            X, y = ros.fit_resample(X, y)  # expect: NN404
        elif balance == "downsample":
            rus = RandomUnderSampler(random_state=0)
            X, y = rus.fit_resample(X, y)
        self.X_train, self.X_test, self.y_train, self.y_test = train_test_split(
            X, y, test_size=1.0 - share_train, stratify=y, random_state=0
        )
        return self


if __name__ == "__main__":
    df = pd.read_csv("transactions.csv")
    data = Data().split_data(df.drop(columns=["fraud"]), df["fraud"], balance="upsample")
    clf = RandomForestClassifier(n_estimators=200, random_state=0).fit(data.X_train, data.y_train)
    print("test accuracy", clf.score(data.X_test, data.y_test))
