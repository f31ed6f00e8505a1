"""Train the risk classifier of a compliance assistant from a labelled CSV of AI systems."""
import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["n_users", "autonomy_level", "data_sensitivity"]
CATEGORICAL = ["sector", "deployment"]


def load_and_preprocess(path):
    df = pd.read_csv(path)
    scaler = StandardScaler()
    encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    numeric = scaler.fit_transform(df[NUMERIC])  # expect: NN401
    categorical = encoder.fit_transform(df[CATEGORICAL])
    X = pd.concat([pd.DataFrame(numeric), pd.DataFrame(categorical)], axis=1).to_numpy()
    return X, df["risk_level"], scaler, encoder


def main():
    X, y, scaler, encoder = load_and_preprocess("data/ai_systems.csv")
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    clf = RandomForestClassifier(n_estimators=300, random_state=0)
    clf.fit(X_train, y_train)
    print(classification_report(y_test, clf.predict(X_test)))
    joblib.dump({"model": clf, "scaler": scaler, "encoder": encoder}, "risk_model.joblib")


if __name__ == "__main__":
    main()
