"""keras.applications classifiers end in softmax by default."""
import keras

model = keras.applications.MobileNetV2(weights=None, classes=10, input_shape=(96, 96, 3))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

base = keras.applications.ResNet50(include_top=False, weights="imagenet", pooling="avg")
inputs = keras.Input(shape=(224, 224, 3))
features = base(inputs, training=False)
outputs = keras.layers.Dense(3, activation="softmax")(features)
head = keras.Model(inputs, outputs)
head.compile(optimizer="adam", loss="categorical_crossentropy")
