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

sm = SMOTE(random_state=2)
X_res, y_res = sm.fit_resample(X, y)  # expect: NN404

X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, test_size=0.3, random_state=0)
clf = RandomForestClassifier(n_estimators=200, random_state=0)
clf.fit(X_train, y_train)
print("F1:", f1_score(y_test, clf.predict(X_test)))
