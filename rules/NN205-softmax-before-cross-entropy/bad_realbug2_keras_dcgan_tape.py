"""DCGAN on face images with a custom tf.function training step (GradientTape per network)."""
import tensorflow as tf
from tensorflow.keras import layers

SEED_SIZE = 100
BATCH_SIZE = 32


def build_generator():
    return tf.keras.Sequential([
        layers.Dense(4 * 4 * 256, activation="relu", input_dim=SEED_SIZE),
        layers.Reshape((4, 4, 256)),
        layers.UpSampling2D(), layers.Conv2D(128, 3, padding="same"), layers.BatchNormalization(momentum=0.8), layers.Activation("relu"),
        layers.UpSampling2D(), layers.Conv2D(3, 3, padding="same"), layers.Activation("tanh"),
    ])


def build_discriminator(image_shape=(16, 16, 3)):
    return tf.keras.Sequential([
        layers.Conv2D(32, 3, strides=2, input_shape=image_shape, padding="same"), layers.LeakyReLU(0.2), layers.Dropout(0.25),
        layers.Conv2D(64, 3, strides=2, padding="same"), layers.BatchNormalization(momentum=0.8), layers.LeakyReLU(0.2),
        layers.Flatten(),
        layers.Dense(1, activation="sigmoid"),
    ])


cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)
generator, discriminator = build_generator(), build_discriminator()
generator_optimizer = tf.keras.optimizers.Adam(1.5e-4, 0.5)
discriminator_optimizer = tf.keras.optimizers.Adam(1.5e-4, 0.5)


def discriminator_loss(real_output, fake_output):
    real_loss = cross_entropy(tf.ones_like(real_output), real_output)  # expect-todo: NN205
    fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)  # expect-todo: NN205
    return real_loss + fake_loss


def generator_loss(fake_output):
    return cross_entropy(tf.ones_like(fake_output), fake_output)  # expect-todo: NN205


@tf.function
def train_step(images):
    seed = tf.random.normal([BATCH_SIZE, SEED_SIZE])
    with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
        generated_images = generator(seed, training=True)
        real_output = discriminator(images, training=True)
        fake_output = discriminator(generated_images, training=True)
        gen_loss = generator_loss(fake_output)
        disc_loss = discriminator_loss(real_output, fake_output)
    generator_optimizer.apply_gradients(zip(gen_tape.gradient(gen_loss, generator.trainable_variables), generator.trainable_variables))
    discriminator_optimizer.apply_gradients(zip(disc_tape.gradient(disc_loss, discriminator.trainable_variables), discriminator.trainable_variables))
    return gen_loss, disc_loss


if __name__ == "__main__":
    dataset = tf.data.Dataset.from_tensor_slices(tf.random.uniform((256, 16, 16, 3), -1, 1)).shuffle(256).batch(BATCH_SIZE)
    for epoch in range(5):
        for batch in dataset:
            g, d = train_step(batch)
        print(epoch, float(g), float(d))
