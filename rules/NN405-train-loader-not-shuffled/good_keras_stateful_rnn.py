# Stateful recurrent nets carry state from batch i to batch i of the next epoch:
# the Keras documentation requires shuffle=False.
import numpy as np
from tensorflow import keras

series = np.load("load_curve.npy").astype("float32")
x = series[:-1].reshape(-1, 24, 1)
y = series[1:].reshape(-1, 24, 1)

model = keras.Sequential(
    [
        keras.Input(batch_shape=(8, 24, 1)),
        keras.layers.SimpleRNN(32, stateful=True, return_sequences=True),
        keras.layers.Dense(1),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(clipnorm=1.0), loss="mse")
for epoch in range(20):
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False)
    model.layers[0].reset_states()
