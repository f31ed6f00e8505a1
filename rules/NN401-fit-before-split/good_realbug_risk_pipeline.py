"""Train the risk classifier of a compliance assistant from a labelled CSV of AI systems."""
import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["n_users", "autonomy_level", "data_sensitivity"]
CATEGORICAL = ["sector", "deployment"]


def main():
    df = pd.read_csv("data/ai_systems.csv")
    X, y = df[NUMERIC + CATEGORICAL], df["risk_level"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    preprocess = ColumnTransformer([
        ("num", StandardScaler(), NUMERIC),
        ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    clf = Pipeline([("prep", preprocess), ("forest", RandomForestClassifier(n_estimators=300, random_state=0))])
    clf.fit(X_train, y_train)
    print(classification_report(y_test, clf.predict(X_test)))
    joblib.dump(clf, "risk_model.joblib")


if __name__ == "__main__":
    main()
