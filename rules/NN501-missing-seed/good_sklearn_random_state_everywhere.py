# scikit-learn only: every random component gets random_state, no global seed is needed.
from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split

X, y = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
forest = RandomForestClassifier(n_estimators=500, random_state=0)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
print(cross_val_score(forest, X_train, y_train, cv=cv).mean())
forest.fit(X_train, y_train)
print(forest.score(X_test, y_test))
