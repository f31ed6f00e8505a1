"""The first notebook's pipeline, kept for the comparison in the report."""
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from churn.data import load_scaled_and_split

X_train, X_test, y_train, y_test = load_scaled_and_split("data/customers.csv")  # expect: NN401
model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
print("test AUC", roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
