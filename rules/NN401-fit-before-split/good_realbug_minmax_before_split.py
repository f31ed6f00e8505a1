"""Forecast next-day revenue from daily financial indicators with a small neural regressor."""
import pandas as pd
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import MinMaxScaler

df = pd.read_csv("financial_data.csv", parse_dates=["Date"])
df["Target"] = df["Revenue"].shift(-1)
df = df.dropna()

features = df.drop(columns=["Date", "Target"])
X_train, X_test, y_train, y_test = train_test_split(features, df["Target"], test_size=0.2, shuffle=False)

scaler = MinMaxScaler()
X_train_scaled = scaler.fit_transform(X_train)
X_test_scaled = scaler.transform(X_test)

model = MLPRegressor(hidden_layer_sizes=(64, 32), max_iter=500, random_state=42)
model.fit(X_train_scaled, y_train)
print("MAE:", mean_absolute_error(y_test, model.predict(X_test_scaled)))
