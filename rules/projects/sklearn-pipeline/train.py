"""Baseline churn model: logistic regression on the scaled features."""
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, roc_auc_score
from sklearn.model_selection import train_test_split

from churn import load_customers, scale

X, y = load_customers("data/customers.csv")
X = scale(X)  # expect: NN401
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)

model = LogisticRegression(max_iter=1000, class_weight="balanced")
model.fit(X_train, y_train)
proba = model.predict_proba(X_test)[:, 1]
print("test AUC", roc_auc_score(y_test, proba))
print(classification_report(y_test, model.predict(X_test)))
