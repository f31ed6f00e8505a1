"""Two-layer MNIST classifier written with raw TensorFlow ops and a GradientTape loop."""
import tensorflow as tf

(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
y_train = tf.one_hot(y_train, 10)
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(10000).batch(128)

w1 = tf.Variable(tf.random.normal([784, 256], stddev=0.05))
b1 = tf.Variable(tf.zeros([256]))
w2 = tf.Variable(tf.random.normal([256, 10], stddev=0.05))
b2 = tf.Variable(tf.zeros([10]))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

for epoch in range(5):
    for images, labels in dataset:
        with tf.GradientTape() as tape:
            hidden = tf.nn.relu(tf.matmul(images, w1) + b1)
            net = tf.matmul(hidden, w2) + b2
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=net))
        grads = tape.gradient(loss, [w1, b1, w2, b2])
        optimizer.apply_gradients(zip(grads, [w1, b1, w2, b2]))
    print(f"epoch {epoch}: loss {float(loss):.4f}")
