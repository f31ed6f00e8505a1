"""Model comparison with cross-validated AUC."""
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from churn.data import load_customers
from churn.evaluation import cv_auc
from churn.features import normalise

X_raw, y = load_customers("data/customers.csv")

# Leaky: the column statistics are computed over every fold before cross-validation.
X = normalise(X_raw)  # expect: NN401
mean, std = cv_auc(LogisticRegression(max_iter=1000), X, y)
print(f"logistic (normalised up front): {mean:.3f} +/- {std:.3f}")

# Clean: the scaler is refitted inside each training fold.
pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
mean, std = cv_auc(pipeline, X_raw, y)
print(f"logistic (pipeline): {mean:.3f} +/- {std:.3f}")

mean, std = cv_auc(GradientBoostingClassifier(random_state=0), X_raw, y)
print(f"gradient boosting: {mean:.3f} +/- {std:.3f}")
