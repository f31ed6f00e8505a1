# Kaggle competition notebook: test.csv has no labels; it is scored by the leaderboard.
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

train = pd.read_csv("../input/train.csv")
test = pd.read_csv("../input/test.csv")
target = train.pop("SalePrice")

all_data = pd.concat([train, test], axis=0)
all_data = all_data.fillna(all_data.mean(numeric_only=True))
all_data = pd.get_dummies(all_data)
all_data = StandardScaler().fit_transform(all_data)
all_data = PCA(n_components=40).fit_transform(all_data)

X = all_data[: len(train)]
X_submit = all_data[len(train):]

X_tr, X_val, y_tr, y_val = train_test_split(X, target, test_size=0.2, random_state=7)
gbr = GradientBoostingRegressor(random_state=7).fit(X_tr, y_tr)
print("validation RMSE:", mean_squared_error(y_val, gbr.predict(X_val)) ** 0.5)

gbr.fit(X, target)  # final refit on every labelled row before submitting
submission = pd.DataFrame({"Id": range(len(X_submit)), "SalePrice": gbr.predict(X_submit)})
submission.to_csv("submission.csv", index=False)
