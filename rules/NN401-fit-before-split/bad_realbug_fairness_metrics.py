"""Compare selection rates across groups of a credit model (fairness metrics example)."""
import pandas as pd
from sklearn.datasets import fetch_openml
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

data = fetch_openml(data_id=1590, as_frame=True)
X_raw = data.data
y = (data.target == ">50K").astype(int)
A = X_raw["sex"]
X_dummies = pd.get_dummies(X_raw.drop(columns=["sex", "race"]))

sc = StandardScaler()
X_scaled = sc.fit_transform(X_dummies)  # expect: NN401
X_scaled = pd.DataFrame(X_scaled, columns=X_dummies.columns)

X_train, X_test, y_train, y_test, A_train, A_test = train_test_split(X_scaled, y, A, test_size=0.33, random_state=123, stratify=y)

classifier = LogisticRegression(solver="liblinear", fit_intercept=True)
classifier.fit(X_train, y_train)
y_pred = classifier.predict(X_test)
rates = pd.Series(y_pred, index=A_test.index).groupby(A_test).mean()
print("selection rate by group:\n", rates)
print("accuracy:", (y_pred == y_test).mean())
