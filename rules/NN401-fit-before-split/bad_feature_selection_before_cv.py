"""Gene-expression classifier: features selected on all samples, then cross-validated."""
import numpy as np
import pandas as pd
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.preprocessing import MinMaxScaler


def main() -> None:
    expression = pd.read_csv("expression_matrix.csv", index_col=0)
    labels = pd.read_csv("phenotypes.csv", index_col=0)["tumour"]

    selector = SelectKBest(f_classif, k=50)
    X = selector.fit_transform(expression.values, labels.values)  # expect: NN401
    X = MinMaxScaler().fit_transform(X)  # expect: NN401

    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    clf = LogisticRegression(max_iter=2000)
    scores = cross_val_score(clf, X, labels.values, cv=cv, scoring="roc_auc")
    print(f"AUC {np.mean(scores):.3f} +/- {np.std(scores):.3f}")

    search = GridSearchCV(clf, {"C": [0.01, 0.1, 1.0, 10.0]}, cv=cv, scoring="roc_auc")
    search.fit(X, labels.values)
    print(search.best_params_, search.best_score_)


if __name__ == "__main__":
    main()
