# Keras regression on tabular data (auto-mpg style), normalisation adapted to every row.
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras import layers

raw = pd.read_csv("auto-mpg.csv", na_values="?").dropna()
features = raw.drop(columns=["mpg"]).astype("float32")
target = raw["mpg"].astype("float32")

normalizer = layers.Normalization(axis=-1)
normalizer.adapt(features.values)  # expect: NN401

x_train, x_test, y_train, y_test = train_test_split(features.values, target.values, test_size=0.2, random_state=1)

model = keras.Sequential(
    [
        normalizer,
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mean_absolute_error")
model.fit(x_train, y_train, validation_split=0.2, epochs=100, verbose=0)
print("test MAE:", model.evaluate(x_test, y_test, verbose=0))
