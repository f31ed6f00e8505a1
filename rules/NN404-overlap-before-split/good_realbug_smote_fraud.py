"""Credit-card fraud detection: balance the classes with SMOTE, then train and score a classifier."""
import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

df = pd.read_csv("creditcard.csv")
X = df.drop(columns=["Class", "Time"])
y = df["Class"]
print("fraud rate:", y.mean())

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
sm = SMOTE(random_state=2)
X_train_res, y_train_res = sm.fit_resample(X_train, y_train)

clf = RandomForestClassifier(n_estimators=200, random_state=0)
clf.fit(X_train_res, y_train_res)
print("F1:", f1_score(y_test, clf.predict(X_test)))
