# The scikit-learn way: every stateful step lives in a Pipeline fitted on the training side.
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import LabelEncoder, Normalizer, OneHotEncoder, PolynomialFeatures, StandardScaler

df = pd.read_csv("customers.csv")
y = LabelEncoder().fit_transform(df["churned"])  # the class set only: not a leak
X = pd.get_dummies(df.drop(columns=["churned"]), columns=["plan"])  # stateless per row
X_poly = PolynomialFeatures(degree=2).fit_transform(X.select_dtypes("number"))  # stateless
X_rows = Normalizer().fit_transform(X_poly)  # per-row scaling, stateless
X_rows = X_rows / X_rows.sum(axis=1, keepdims=True)  # per-sample statistic

numeric = ["age", "tenure", "monthly_charges"]
preprocess = ColumnTransformer(
    [
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), ["region"]),
    ]
)
model = Pipeline([("prep", preprocess), ("clf", LogisticRegression(max_iter=1000))])

print("CV accuracy:", np.mean(cross_val_score(model, df, y, cv=5)))

X_train, X_test, y_train, y_test = train_test_split(df, y, test_size=0.25, random_state=0, stratify=y)
search = GridSearchCV(model, {"clf__C": [0.1, 1.0, 10.0]}, cv=5)
search.fit(X_train, y_train)
print("test accuracy:", search.score(X_test, y_test))

baseline = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_rows[:800], y[:800])
print(baseline.score(X_rows[800:], y[800:]))
