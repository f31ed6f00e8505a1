# Time series: both splits keep the original order (shuffle=False), so they stay aligned.
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split

demand = pd.read_csv("hourly_demand.csv", parse_dates=["ts"]).set_index("ts")
features = pd.concat([demand["load"].shift(k).rename(f"lag_{k}") for k in range(1, 25)], axis=1).dropna()
target = demand["load"].loc[features.index]

X_train, X_test = train_test_split(features, test_size=0.2, shuffle=False)
y_train, y_test = train_test_split(target, test_size=0.2, shuffle=False)
model = Ridge(alpha=1.0).fit(X_train, y_train)
print("R^2 on the last 20%:", model.score(X_test, y_test))

history_train, history_test = train_test_split(features.values, test_size=0.2, random_state=None, shuffle=False)
