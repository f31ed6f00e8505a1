"""Cross-validated scores for the model comparison table."""
from sklearn.model_selection import StratifiedKFold, cross_val_score


def cv_auc(model, X, y, folds=5, seed=0):
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    scores = cross_val_score(model, X, y, cv=cv, scoring="roc_auc")
    return scores.mean(), scores.std()
