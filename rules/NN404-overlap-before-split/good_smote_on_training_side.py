# Oversample the training split only; the test split keeps the real class balance.
import pandas as pd
from imblearn.over_sampling import ADASYN, SMOTE
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

df = pd.read_csv("creditcard.csv")
X = df.drop(columns=["Class"])
y = df["Class"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
X_train_res, y_train_res = SMOTE(random_state=42).fit_resample(X_train, y_train)
X_train_ada, y_train_ada = ADASYN(random_state=42).fit_resample(X_train, y_train)

for name, (X_fit, y_fit) in {"smote": (X_train_res, y_train_res), "adasyn": (X_train_ada, y_train_ada)}.items():
    gb = GradientBoostingClassifier(random_state=42).fit(X_fit, y_fit)
    print(name, f1_score(y_test, gb.predict(X_test)))
