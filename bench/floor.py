"""The floor a grader cannot beat: a fresh Python that imports numpy and a
student's five numpy modules and calls each function once.

    python bench/floor.py FOLDER        (FOLDER holds neuron.py ... dropout.py)
"""
import sys
import time

t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])

import numpy as np  # noqa: E402

import dropout  # noqa: E402
import mlp  # noqa: E402
import neuron  # noqa: E402
import optimizers  # noqa: E402
import perceptron  # noqa: E402

rng = np.random.default_rng(0)
X = rng.normal(size=(8, 3))
w = rng.normal(size=3)
z = rng.normal(size=(4, 5))
y = (X[:, 0] > 0).astype(float)
params = mlp.init_params((3, 4, 1), "xavier", np.random.default_rng(1))

neuron.weighted_sum(X, w, 0.1)
for f in (neuron.sigmoid, neuron.sigmoid_derivative, neuron.tanh, neuron.tanh_derivative,
          neuron.relu, neuron.relu_derivative, neuron.leaky_relu, neuron.elu, neuron.softmax):
    f(z)
neuron.neuron_output(X, w, 0.1)
neuron.mse(y, y * 0.5)
neuron.binary_cross_entropy(y, np.full_like(y, 0.3))
neuron.categorical_cross_entropy(np.eye(3)[[0, 1, 2]], np.full((3, 3), 1 / 3))

perceptron.step(z)
perceptron.perceptron_predict(X, w, 0.0)
perceptron.perceptron_train(X, y)
perceptron.bipolar_step(z)
perceptron.perceptron_train_bipolar(np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]]), np.array([1, -1, -1, -1]))
perceptron.gate_perceptron("AND")

mlp.init_weights(3, 4, "he", np.random.default_rng(2))
A, cache = mlp.forward(X, params)
mlp.mse_loss(y[:, None], A)
mlp.backward(X, y[:, None], params, cache)
mlp.train_step(X, y[:, None], params, 0.5)
mlp.train(X, y[:, None], (3, 4, 1), 0.5, 5, np.random.default_rng(3))
mlp.numerical_gradient(lambda v: float(np.sum(v ** 2)), w)

optimizers.sgd_update(w, w, 0.1)
optimizers.momentum_update(w, w, np.zeros(3), 0.1)
optimizers.adagrad_update(w, w, np.zeros(3), 0.1)
optimizers.rmsprop_update(w, w, np.zeros(3), 0.1)
optimizers.adam_update(w, w, np.zeros(3), np.zeros(3), 1)
list(optimizers.minibatches(X, y, 3, rng=np.random.default_rng(4)))
optimizers.iterations_per_epoch(10000, 1000)
optimizers.gradient_descent(lambda v: 2 * v, w, 0.1, 10)

dropout.dropout_forward(z, 0.5, rng=np.random.default_rng(5))
dropout.dropout_backward(z, np.ones_like(z))
dropout.early_stopping([1.0, 0.9, 0.95, 0.97, 0.99], 2)

print(f"{time.perf_counter() - t0:.4f}")
