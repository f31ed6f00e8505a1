"""Cats vs dogs transfer learning: one logit, from_logits=True, and metrics=['accuracy']."""
import tensorflow as tf
from tensorflow import keras

IMG_SHAPE = (160, 160, 3)
base_model = keras.applications.MobileNetV2(input_shape=IMG_SHAPE, include_top=False, weights="imagenet")
base_model.trainable = False

inputs = keras.Input(shape=IMG_SHAPE)
x = keras.applications.mobilenet_v2.preprocess_input(inputs)
x = base_model(x, training=False)
x = keras.layers.GlobalAveragePooling2D()(x)
x = keras.layers.Dropout(0.2)(x)
outputs = keras.layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.compile(  # expect: NN215
    optimizer=keras.optimizers.Adam(learning_rate=1e-4),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=["accuracy"],
)

train_ds = keras.utils.image_dataset_from_directory("cats_and_dogs/train", image_size=(160, 160), batch_size=32)
val_ds = keras.utils.image_dataset_from_directory("cats_and_dogs/validation", image_size=(160, 160), batch_size=32)
model.fit(train_ds, epochs=10, validation_data=val_ds)
