"""The same models with the preprocessing learnt on the training rows only."""
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.svm import SVC

from churn import balance, fit_scaler, load_and_split, scale_features
from churn.features import preprocess

X_train, X_test, y_train, y_test = load_and_split("data/customers.csv")

# Scaled by one helper that fits on the training rows and transforms the test rows.
X_train_s, X_test_s = scale_features(X_train, X_test)
model = LogisticRegression(max_iter=1000).fit(X_train_s, y_train)
print("logistic AUC", roc_auc_score(y_test, model.predict_proba(X_test_s)[:, 1]))

# A scaler fitted on the training rows, then applied to both sides.
scaler = fit_scaler(X_train)
svm = SVC(C=3.0, random_state=0).fit(scaler.transform(X_train), y_train)
print("svm accuracy", svm.score(scaler.transform(X_test), y_test))

# The helper fits only when told to: on the training rows.
X_train_p, fitted = preprocess(X_train, fit=True)
X_test_p, _ = preprocess(X_test, scaler=fitted)
model = LogisticRegression(max_iter=1000).fit(X_train_p, y_train)
print("logistic AUC", roc_auc_score(y_test, model.predict_proba(X_test_p)[:, 1]))

# Oversampling after the split: only the training rows are duplicated.
X_res, y_res = balance(X_train, y_train)
forest = RandomForestClassifier(n_estimators=300, random_state=7).fit(X_res, y_res)
print("minority F1", f1_score(y_test, forest.predict(X_test)))
