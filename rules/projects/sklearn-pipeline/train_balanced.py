"""Random forest on a balanced table (churners are 8% of the customers)."""
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

from churn import balance, load_customers

X, y = load_customers("data/customers.csv")
X_res, y_res = balance(X, y)  # expect: NN404
X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, test_size=0.25, random_state=7)

forest = RandomForestClassifier(n_estimators=300, min_samples_leaf=2, random_state=7)
forest.fit(X_train, y_train)
print("minority F1", f1_score(y_test, forest.predict(X_test)))
