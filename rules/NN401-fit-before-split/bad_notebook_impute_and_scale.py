# Titanic-style notebook exported to .py: imputation and scaling on the whole frame.
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, StandardScaler

df = pd.read_csv("data/passengers.csv")
df.head()

df = df.drop(columns=["PassengerId", "Name", "Ticket", "Cabin"])
df["Age"] = df["Age"].fillna(df["Age"].median())  # expect: NN401
df["Embarked"] = df["Embarked"].fillna("S")
df = pd.get_dummies(df, columns=["Sex", "Embarked"], drop_first=True)

le = LabelEncoder()
y = le.fit_transform(df["Survived"])
X = df.drop(columns=["Survived"]).values.astype(np.float32)

scaler = StandardScaler()
X = scaler.fit_transform(X)  # expect: NN401

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
print(X_train.shape, X_test.shape)

clf = RandomForestClassifier(n_estimators=300, random_state=42)
clf.fit(X_train, y_train)
pred = clf.predict(X_test)
print("test accuracy:", accuracy_score(y_test, pred))
