"""Sparse conv net on MNIST: the model function and the training loop live in separate functions."""
import tensorflow as tf


def make_params():
    init = tf.initializers.GlorotUniform()
    return {
        "conv": tf.Variable(init([5, 5, 1, 32])),
        "fc": tf.Variable(init([14 * 14 * 32, 10])),
        "b": tf.Variable(tf.zeros([10])),
    }


def mnist_conv(x, params):
    h = tf.nn.relu(tf.nn.conv2d(x, params["conv"], strides=1, padding="SAME"))
    h = tf.nn.max_pool2d(h, 2, 2, "SAME")
    output = tf.matmul(tf.reshape(h, [-1, 14 * 14 * 32]), params["fc"]) + params["b"]
    return tf.nn.softmax(output)


def train(params, dataset, epochs=3):
    optimizer = tf.keras.optimizers.Adam(1e-4)
    variables = list(params.values())
    for epoch in range(epochs):
        for images, labels in dataset:
            with tf.GradientTape() as tape:
                y_conv = mnist_conv(images, params)
                ff_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=y_conv, labels=labels))  # expect: NN205
            optimizer.apply_gradients(zip(tape.gradient(ff_loss, variables), variables))
        print(epoch, float(ff_loss))


if __name__ == "__main__":
    (x, y), _ = tf.keras.datasets.mnist.load_data()
    ds = tf.data.Dataset.from_tensor_slices((x[..., None].astype("float32") / 255.0, tf.one_hot(y, 10))).shuffle(60000).batch(64)
    train(make_params(), ds)
