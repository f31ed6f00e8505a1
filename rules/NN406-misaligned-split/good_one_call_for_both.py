# One call splits features and labels together: rows stay aligned.
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

df = pd.read_csv("heart.csv")
X = df.drop(columns=["target"])
y = df["target"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=5)
X_tr, X_val, y_tr, y_val = train_test_split(X_train, y_train, test_size=0.2, random_state=5)
clf = LogisticRegression(max_iter=1000).fit(X_tr, y_tr)
print(clf.score(X_val, y_val), clf.score(X_test, y_test))
