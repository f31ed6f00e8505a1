"""Churn model: the minority class is upsampled with replacement, then cross-validated."""
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.utils import resample


def load() -> pd.DataFrame:
    return pd.read_csv("telco_churn.csv").dropna()


def main() -> None:
    df = load()
    majority = df[df.churn == 0]
    minority = df[df.churn == 1]
    minority_up = resample(minority, replace=True, n_samples=len(majority), random_state=123)  # expect: NN404
    balanced = pd.concat([majority, minority_up])

    X = balanced.drop(columns=["churn"])
    y = balanced["churn"]
    scores = cross_val_score(LogisticRegression(max_iter=1000), X, y, cv=5, scoring="f1")
    print("F1 per fold:", scores)

    doubled = df.sample(frac=2.0, replace=True, random_state=1)  # expect: NN404
    print(cross_val_score(LogisticRegression(max_iter=1000), doubled.drop(columns=["churn"]), doubled["churn"], cv=5))


if __name__ == "__main__":
    main()
