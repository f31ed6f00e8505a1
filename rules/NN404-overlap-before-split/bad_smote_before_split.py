# Credit-card fraud notebook: SMOTE on the whole data set, then train/test split.
import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import classification_report, recall_score
from sklearn.model_selection import train_test_split

df = pd.read_csv("creditcard.csv")
print(df["Class"].value_counts())

X = df.drop(columns=["Class", "Time"])
y = df["Class"]

sm = SMOTE(random_state=2)
X_res, y_res = sm.fit_resample(X, y)  # expect: NN404
print(pd.Series(y_res).value_counts())

X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, test_size=0.3, random_state=0)
rf = RandomForestClassifier(n_estimators=200, n_jobs=-1, random_state=0)
rf.fit(X_train, y_train)
y_pred = rf.predict(X_test)
print(classification_report(y_test, y_pred))
print("fraud recall:", recall_score(y_test, y_pred))
