# Gradient boosting notebook: early stopping rounds watch the test split.
import pandas as pd
import xgboost as xgb
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

data = pd.read_parquet("loans.parquet")
X = data.drop(columns=["default"])
y = data["default"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=11, stratify=y)

model = xgb.XGBClassifier(
    n_estimators=5000,
    learning_rate=0.02,
    max_depth=6,
    early_stopping_rounds=100,
    eval_metric="auc",
)
model.fit(
    X_train,
    y_train,
    eval_set=[(X_train, y_train), (X_test, y_test)],  # expect: NN403
    verbose=200,
)
print("best iteration:", model.best_iteration)
print("test AUC:", roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]))
