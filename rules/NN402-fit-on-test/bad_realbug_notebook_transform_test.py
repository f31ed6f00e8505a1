"""Notebook: predict heart disease with scaled features and a support-vector classifier."""
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

heart_disease = pd.read_csv("heart-disease.csv")
X = heart_disease.drop("target", axis=1)
y = heart_disease["target"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

scaler = StandardScaler()
X_train_scaled = scaler.fit_transform(X_train)
X_test_scaled = scaler.fit_transform(X_test)  # expect: NN402

clf = SVC(kernel="rbf", C=1.0)
clf.fit(X_train_scaled, y_train)
print("test accuracy:", clf.score(X_test_scaled, y_test))
