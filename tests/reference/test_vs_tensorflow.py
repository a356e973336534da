"""The reference agrees with TensorFlow/Keras wherever TF has the same operation.

* activations (tf.math / tf.nn / keras.activations) and their derivatives
  (tf.GradientTape), weighted_sum/neuron_output against a float64 keras Dense;
* losses against keras.losses (Keras clips probabilities with its own
  ``keras.config.epsilon()``, 1e-7 by default, where the contract clips with
  ``eps`` = 1e-12: the tests either keep probabilities inside [1e-3, 1 - 1e-3],
  where no clipping happens, or set Keras' epsilon to the same 1e-12);
* mlp.forward/backward against tf.GradientTape on random networks of 1, 2 and
  3 layers for every (hidden, output) activation pair;
* every optimizer against keras.optimizers over several float64 steps.  The
  textbook forms of the contract and Keras differ in these places (see also
  reference/optimizers.py); each is both neutralised and checked below:
    - Adagrad: Keras starts the accumulator at initial_accumulator_value=0.1
      (contract: 0) and divides by sqrt(acc + epsilon) (contract:
      sqrt(cache) + eps).
    - RMSprop: Keras divides by sqrt(v + epsilon) (contract: sqrt(v) + eps).
    - Adam: Keras uses "epsilon hat": lr_t = lr sqrt(1 - b2^t) / (1 - b1^t),
      w -= lr_t m / (sqrt(v) + epsilon), i.e. epsilon on the uncorrected
      scale; the contract adds eps to sqrt(v_hat).  Equal iff
      epsilon = eps * sqrt(1 - b2^t).
    - Momentum: same sign convention in both (v = beta v - lr g; w += v).
    - Keras keeps the learning rate as a float32 variable: the tests use
      learning rates that float32 represents exactly (powers of two).
  With eps = epsilon = 0 (gradients kept away from 0) the formulas meet and
  agree to ~1e-10.
* dropout's inverted scaling against keras.layers.Dropout;
* early_stopping against keras.callbacks.EarlyStopping driven by hand.
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from reference import dropout, mlp, neuron, optimizers

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

SETTINGS = settings(max_examples=80, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def tf():
    tf = pytest.importorskip("tensorflow")
    return tf


@pytest.fixture(scope="module")
def keras(tf):
    import keras

    return keras


def finite(limit=1e4):
    # no subnormals: TF's CPU kernels flush them to zero (relu'(5e-324) would be 0 there)
    return st.floats(-limit, limit, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def arrays(min_dims=0, max_dims=3, limit=1e4):
    elements = st.one_of(finite(limit), finite(60.0), finite(1.0))
    return hnp.arrays(np.float64, hnp.array_shapes(min_dims=min_dims, max_dims=max_dims,
                                                   min_side=1, max_side=6), elements=elements)


def close(got, want, rtol=1e-12, atol=1e-300):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=rtol, atol=atol)


# ------------------------------------------------------------------ activations


@SETTINGS
@given(z=arrays())
def test_activations_match_tf(tf, keras, z):
    t = tf.constant(z, dtype=tf.float64)
    close(neuron.sigmoid(z), tf.math.sigmoid(t).numpy())
    close(neuron.tanh(z), tf.math.tanh(t).numpy(), atol=1e-300)
    close(neuron.relu(z), tf.nn.relu(t).numpy())
    # tf.nn.leaky_relu keeps alpha as a float32 attribute: 0.01 becomes
    # 0.0099999998; exact agreement for alphas float32 represents exactly
    close(neuron.leaky_relu(z), tf.nn.leaky_relu(t, alpha=0.01).numpy(), rtol=1e-7)
    close(neuron.leaky_relu(z, 0.25), tf.nn.leaky_relu(t, alpha=0.25).numpy())
    close(neuron.leaky_relu(z, 0.3), tf.where(t > 0, t, 0.3 * t).numpy())
    close(neuron.elu(z), tf.nn.elu(t).numpy(), atol=1e-15)
    close(neuron.elu(z, 0.5), keras.activations.elu(t, alpha=0.5).numpy(), atol=1e-15)


@SETTINGS
@given(z=arrays(min_dims=1), data=st.data())
def test_softmax_matches_tf(tf, z, data):
    axis = data.draw(st.integers(-z.ndim, z.ndim - 1), label="axis")
    want = tf.nn.softmax(tf.constant(z, dtype=tf.float64), axis=axis).numpy()
    close(neuron.softmax(z, axis=axis), want, rtol=1e-10, atol=1e-300)


@SETTINGS
@given(z=arrays())
def test_derivatives_match_gradient_tape(tf, z):
    t = tf.constant(z, dtype=tf.float64)
    for fn, ref_derivative in ((tf.math.sigmoid, neuron.sigmoid_derivative),
                               (tf.math.tanh, neuron.tanh_derivative),
                               (tf.nn.relu, neuron.relu_derivative)):
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = fn(t)
        g = tape.gradient(y, t).numpy()          # elementwise: d sum(f(z)) / dz_i = f'(z_i)
        # TF forms y(1 - y) and 1 - y^2 lose relative precision for large |z|:
        # compare with an absolute tolerance of 1e-15 there
        close(ref_derivative(z), g, rtol=1e-10, atol=1e-15)


def _leaky(tf):
    # tf.nn.leaky_relu would round alpha = 0.01 to float32; write it out in float64
    return lambda z: tf.where(z > 0, z, 0.01 * z)


def _dense(tf, keras, w, b, activation):
    act = _leaky(tf) if activation == "leaky_relu" else activation
    layer = keras.layers.Dense(w.shape[1], activation=act, dtype="float64")
    layer.build((None, w.shape[0]))
    layer.set_weights([w, b])
    return layer


@SETTINGS
@given(data=st.data(), activation=st.sampled_from(neuron.ACTIVATIONS))
def test_neuron_output_matches_keras_dense(tf, keras, data, activation):
    m = data.draw(st.integers(1, 5), label="m")
    n = data.draw(st.integers(1, 5), label="n")
    k = data.draw(st.integers(1, 4), label="k")
    x = data.draw(hnp.arrays(np.float64, (m, n), elements=finite(10.0)), label="x")
    w = data.draw(hnp.arrays(np.float64, (n, k), elements=finite(10.0)), label="w")
    b = data.draw(hnp.arrays(np.float64, (k,), elements=finite(10.0)), label="b")
    want = _dense(tf, keras, w, b, activation)(tf.constant(x)).numpy()
    close(neuron.neuron_output(x, w, b, activation), want, rtol=1e-9, atol=1e-12)
    close(neuron.weighted_sum(x, w, b), (tf.constant(x) @ tf.constant(w) + b).numpy(),
          rtol=1e-9, atol=1e-12)


# ------------------------------------------------------------------ losses


def pairs(lo=0.0, hi=1.0):
    return hnp.array_shapes(min_dims=1, max_dims=2, max_side=6).flatmap(
        lambda s: st.tuples(hnp.arrays(np.float64, s, elements=st.floats(0.0, 1.0)),
                            hnp.arrays(np.float64, s, elements=st.floats(lo, hi))))


@pytest.fixture
def keras_epsilon(keras):
    old = keras.config.epsilon()
    yield keras.config.set_epsilon
    keras.config.set_epsilon(old)


@SETTINGS
@given(yy=pairs(-1e4, 1e4))
def test_mse_matches_keras(keras, yy):
    y, p = yy
    want = float(np.mean(keras.losses.mean_squared_error(y, p).numpy()))
    assert neuron.mse(y, p) == pytest.approx(want, rel=1e-12, abs=1e-300)


@SETTINGS
@given(yy=pairs(1e-3, 1 - 1e-3))
def test_bce_matches_keras_away_from_the_clip(keras, yy):
    y, p = yy
    want = float(np.mean(keras.losses.binary_crossentropy(y, p).numpy()))
    assert neuron.binary_cross_entropy(y, p) == pytest.approx(want, rel=1e-10, abs=1e-12)


@SETTINGS
@given(yy=pairs(0.0, 1.0))
def test_bce_matches_keras_with_the_same_epsilon(keras, keras_epsilon, yy):
    y, p = yy                              # includes p = 0 and p = 1: both clip at 1e-12
    keras_epsilon(1e-12)
    want = float(np.mean(keras.losses.binary_crossentropy(y, p).numpy()))
    assert neuron.binary_cross_entropy(y, p, eps=1e-12) == pytest.approx(want, rel=1e-10, abs=1e-12)


def prob_rows(draw_logits):
    z = draw_logits
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@SETTINGS
@given(data=st.data())
def test_cce_matches_keras(keras, keras_epsilon, data):
    m = data.draw(st.integers(1, 6), label="m")
    k = data.draw(st.integers(2, 6), label="k")
    logits = data.draw(hnp.arrays(np.float64, (m, k), elements=finite(5.0)), label="logits")
    p = prob_rows(logits)
    labels = data.draw(hnp.arrays(np.int64, (m,), elements=st.integers(0, k - 1)), label="labels")
    one_hot = np.eye(k)[labels]
    soft = prob_rows(data.draw(hnp.arrays(np.float64, (m, k), elements=finite(3.0)), label="soft"))
    for y in (one_hot, soft):
        want = float(np.mean(keras.losses.categorical_crossentropy(y, p).numpy()))
        assert neuron.categorical_cross_entropy(y, p) == pytest.approx(want, rel=1e-9, abs=1e-12)
    # probabilities down to 0: both clip at the same epsilon (Keras' own default is 1e-7)
    keras_epsilon(1e-12)
    p0 = one_hot * 0.0
    p0[:, 0] = 1.0                          # certain of class 0: log(1e-12) for the others
    want = float(np.mean(keras.losses.categorical_crossentropy(one_hot, p0).numpy()))
    assert neuron.categorical_cross_entropy(one_hot, p0) == pytest.approx(want, rel=1e-9)


# ------------------------------------------------------------------ backprop

ACTS = neuron.ACTIVATIONS


def tf_activation(tf, name):
    return {"sigmoid": tf.math.sigmoid, "tanh": tf.math.tanh, "relu": tf.nn.relu,
            "leaky_relu": _leaky(tf), "elu": tf.nn.elu,
            "linear": tf.identity}[name]


CASES = [(1, "sigmoid", out) for out in ACTS] + [
    (depth, hidden, out) for depth in (2, 3) for hidden in ACTS for out in ACTS]


@pytest.mark.parametrize("depth,hidden,output", CASES)
def test_backward_matches_gradient_tape(tf, depth, hidden, output):
    rng = np.random.default_rng(1000 * depth + 10 * ACTS.index(hidden) + ACTS.index(output))
    for trial in range(3):
        sizes = [int(s) for s in rng.integers(1, 5, size=depth + 1)]
        m = int(rng.integers(1, 6))
        params = mlp.init_params(sizes, "random" if trial else "xavier", rng)
        for layer in range(1, depth + 1):           # non-zero biases too
            params[f"b{layer}"] = rng.normal(0.0, 0.5, sizes[layer])
        X = rng.normal(0.0, 1.5, (m, sizes[0]))
        Y = rng.uniform(-1.0, 1.0, (m, sizes[-1]))
        A, cache = mlp.forward(X, params, hidden, output)
        grads = mlp.backward(X, Y, params, cache, hidden, output)

        variables = {k: tf.Variable(v, dtype=tf.float64) for k, v in params.items()}
        with tf.GradientTape() as tape:
            a = tf.constant(X)
            for layer in range(1, depth + 1):
                z = a @ variables[f"W{layer}"] + variables[f"b{layer}"]
                a = tf_activation(tf, output if layer == depth else hidden)(z)
            loss = 0.5 * tf.reduce_sum((tf.constant(Y) - a) ** 2) / m
        want = tape.gradient(loss, variables)
        close(A, a.numpy(), rtol=1e-12, atol=1e-15)
        assert mlp.mse_loss(Y, A) == pytest.approx(float(loss.numpy()), rel=1e-12, abs=1e-15)
        assert sorted(grads) == sorted("d" + k for k in params)
        for k in params:
            assert grads["d" + k].shape == params[k].shape
            close(grads["d" + k], want[k].numpy(), rtol=1e-9, atol=1e-13)


# ------------------------------------------------------------------ optimizers

# learning rates exactly representable in float32 (Keras stores lr as float32)
LRS = st.sampled_from([1.0, 0.5, 0.25, 0.125, 0.0625, 0.015625, 0.0009765625])


def f32_floats(lo, hi):
    # Keras turns some hyperparameters into tensors through float32 before the
    # cast to the variable's float64 (ops.cast(python_float, "float64") goes
    # through a float32 tensor): SGD's momentum, Adam's beta_1/beta_2 in the
    # bias corrections (but not in the moment updates), Adagrad's
    # initial_accumulator_value.  Draw values float32 represents exactly.
    return st.floats(lo, hi, width=32)
OPT_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                        suppress_health_check=[HealthCheck.function_scoped_fixture,
                                               HealthCheck.too_slow])


@st.composite
def trajectories(draw, max_steps=5):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=4))
    w0 = draw(hnp.arrays(np.float64, shape, elements=finite(100.0)))
    steps = draw(st.integers(1, max_steps))
    # gradients bounded away from zero, so that eps = epsilon = 0 is well defined
    mag = st.floats(0.05, 50.0)
    grads = [draw(hnp.arrays(np.float64, shape, elements=mag))
             * draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([-1.0, 1.0])))
             for _ in range(steps)]
    return w0, grads


def run_keras(tf, keras, optimizer, w0, grads):
    var = keras.Variable(w0, dtype="float64")
    path = []
    for g in grads:
        optimizer.apply_gradients([(tf.constant(g, dtype=tf.float64), var)])
        path.append(np.array(var.numpy()))
    return path


@OPT_SETTINGS
@given(traj=trajectories(), lr=LRS)
def test_sgd_matches_keras(tf, keras, traj, lr):
    w0, grads = traj
    want = run_keras(tf, keras, keras.optimizers.SGD(learning_rate=lr), w0, grads)
    w = w0
    for g, k in zip(grads, want):
        w = optimizers.sgd_update(w, g, lr)
        close(w, k, rtol=1e-12, atol=1e-12)


@OPT_SETTINGS
@given(traj=trajectories(), lr=LRS, beta=f32_floats(0.0, 0.984375))
def test_momentum_matches_keras_sgd_momentum(tf, keras, traj, lr, beta):
    w0, grads = traj
    want = run_keras(tf, keras, keras.optimizers.SGD(learning_rate=lr, momentum=beta), w0, grads)
    w, v = w0, np.zeros_like(w0)
    for g, k in zip(grads, want):
        w, v = optimizers.momentum_update(w, g, v, lr, beta)    # same sign convention
        close(w, k, rtol=1e-10, atol=1e-10)


@OPT_SETTINGS
@given(traj=trajectories(), lr=LRS)
def test_adagrad_matches_keras(tf, keras, traj, lr):
    w0, grads = traj
    # (1) accumulator from 0 and epsilon 0: the formulas meet
    want = run_keras(tf, keras, keras.optimizers.Adagrad(learning_rate=lr, initial_accumulator_value=0.0,
                                                         epsilon=0.0), w0, grads)
    w, cache = w0, np.zeros_like(w0)
    for g, k in zip(grads, want):
        w, cache = optimizers.adagrad_update(w, g, cache, lr, eps=0.0)
        close(w, k, rtol=1e-10, atol=1e-10)
    # (2) Keras' defaults (accumulator 0.1, epsilon 1e-7 inside the root) are the
    # contract's update run from cache = 0.1 + 1e-7 with eps = 0 (Keras' 0.1 is
    # float32(0.1) = 0.10000000149..., see f32_floats)
    want = run_keras(tf, keras, keras.optimizers.Adagrad(learning_rate=lr), w0, grads)
    w, cache = w0, np.full_like(w0, float(np.float32(0.1)) + 1e-7)
    for g, k in zip(grads, want):
        w, cache = optimizers.adagrad_update(w, g, cache, lr, eps=0.0)
        close(w, k, rtol=1e-10, atol=1e-10)


def test_adagrad_keras_defaults_differ_from_the_contract(tf, keras):
    # one step from w = 0 with g = 1: contract 1/(sqrt(1) + 1e-8); Keras 1/sqrt(1.1 + 1e-7)
    [k] = run_keras(tf, keras, keras.optimizers.Adagrad(learning_rate=1.0), np.zeros(1), [np.ones(1)])
    w, _ = optimizers.adagrad_update(np.zeros(1), np.ones(1), np.zeros(1), 1.0)
    close(w, [-1 / (1 + 1e-8)], rtol=1e-15)
    close(k, [-1 / np.sqrt(1 + float(np.float32(0.1)) + 1e-7)], rtol=1e-12)
    assert abs(w[0] - k[0]) > 0.04                  # -1.0 vs -0.9535


@OPT_SETTINGS
@given(traj=trajectories(), lr=LRS, rho=f32_floats(0.0, 0.9990234375))
def test_rmsprop_matches_keras(tf, keras, traj, lr, rho):
    w0, grads = traj
    want = run_keras(tf, keras, keras.optimizers.RMSprop(learning_rate=lr, rho=rho, epsilon=0.0),
                     w0, grads)
    w, cache = w0, np.zeros_like(w0)
    for g, k in zip(grads, want):
        w, cache = optimizers.rmsprop_update(w, g, cache, lr, rho=rho, eps=0.0)
        close(w, k, rtol=1e-10, atol=1e-10)


def test_rmsprop_epsilon_inside_the_root_in_keras(tf, keras):
    # a small gradient makes the placement of epsilon visible:
    # v = 0.1 * 1e-8 = 1e-9; Keras: g / sqrt(v + 1e-7); contract: g / (sqrt(v) + 1e-7)
    g = np.array([1e-4])
    [k] = run_keras(tf, keras, keras.optimizers.RMSprop(learning_rate=1.0, rho=0.9, epsilon=1e-7),
                    np.zeros(1), [g])
    w, _ = optimizers.rmsprop_update(np.zeros(1), g, np.zeros(1), 1.0, rho=0.9, eps=1e-7)
    close(k, -g / np.sqrt(1e-9 + 1e-7), rtol=1e-9)
    close(w, -g / (np.sqrt(1e-9) + 1e-7), rtol=1e-12)
    assert abs(w[0]) > 9 * abs(k[0])           # 3.16 vs 0.31: a different optimizer at this scale


@OPT_SETTINGS
@given(traj=trajectories(max_steps=6), lr=LRS, beta1=f32_floats(0.0, 0.984375),
       beta2=f32_floats(0.5, 0.9998779296875))
def test_adam_matches_keras(tf, keras, traj, lr, beta1, beta2):
    w0, grads = traj
    want = run_keras(tf, keras, keras.optimizers.Adam(learning_rate=lr, beta_1=beta1, beta_2=beta2,
                                                      epsilon=0.0), w0, grads)
    w, m, v = w0, np.zeros_like(w0), np.zeros_like(w0)
    for t, (g, k) in enumerate(zip(grads, want), start=1):
        w, m, v = optimizers.adam_update(w, g, m, v, t, lr=lr, beta1=beta1, beta2=beta2, eps=0.0)
        close(w, k, rtol=1e-10, atol=1e-10)


@OPT_SETTINGS
@given(traj=trajectories(max_steps=6), lr=LRS)
def test_adam_epsilon_hat(tf, keras, traj, lr):
    # Keras' epsilon (on the uncorrected scale) equals the contract's eps on the
    # corrected one when eps_t = epsilon / sqrt(1 - beta2^t)
    w0, grads = traj
    w0 = w0 * 1e-3
    grads = [g * 1e-6 for g in grads]           # small gradients: epsilon matters
    epsilon = 1e-7
    b1, b2 = 0.875, 1 - 2.0 ** -10                # exact in float32 (see f32_floats)
    want = run_keras(tf, keras, keras.optimizers.Adam(learning_rate=lr, beta_1=b1, beta_2=b2,
                                                      epsilon=epsilon), w0, grads)
    w, m, v = w0, np.zeros_like(w0), np.zeros_like(w0)
    for t, (g, k) in enumerate(zip(grads, want), start=1):
        eps_t = epsilon / np.sqrt(1 - b2 ** t)
        w, m, v = optimizers.adam_update(w, g, m, v, t, lr=lr, beta1=b1, beta2=b2, eps=eps_t)
        close(w, k, rtol=1e-10, atol=1e-14)
    # ... and with the same epsilon the two disagree
    w_same, _, _ = optimizers.adam_update(w0, grads[0], np.zeros_like(w0), np.zeros_like(w0), 1,
                                          lr=lr, beta1=b1, beta2=b2, eps=epsilon)
    assert not np.allclose(w_same, want[0], rtol=1e-6, atol=0)


# ------------------------------------------------------------------ dropout


@SETTINGS
@given(X=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=8),
                    elements=st.one_of(st.floats(0.5, 1e4), st.floats(-1e4, -0.5))),
       p=st.sampled_from([0.1, 0.25, 0.5, 0.8]), seed=st.integers(0, 2**16))
def test_dropout_scaling_matches_keras(tf, keras, X, p, seed):
    layer = keras.layers.Dropout(p, seed=seed, dtype="float64")
    k_out = layer(tf.constant(X), training=True).numpy()
    r_out, mask = dropout.dropout_forward(X, p, training=True, rng=np.random.default_rng(seed))
    for out in (k_out, r_out):
        kept = out != 0.0
        np.testing.assert_allclose(out[kept], X[kept] / (1 - p), rtol=1e-15)
        np.testing.assert_array_equal(out[~kept], 0.0)
    np.testing.assert_array_equal(mask != 0, r_out != 0)
    # not training: the identity for both
    np.testing.assert_array_equal(layer(tf.constant(X), training=False).numpy(), X)
    out, mask = dropout.dropout_forward(X, p, training=False)
    np.testing.assert_array_equal(out, X)
    np.testing.assert_array_equal(mask, np.ones_like(X))


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_dropout_edge_rates_match_keras(tf, keras, p):
    X = np.arange(1.0, 13.0).reshape(3, 4)
    k_out = keras.layers.Dropout(p, dtype="float64")(tf.constant(X), training=True).numpy()
    r_out, _ = dropout.dropout_forward(X, p, training=True, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(r_out, k_out)


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_keep_rate_matches_keras(tf, keras, p):
    X = np.ones((200, 100))
    k_keep = np.mean(keras.layers.Dropout(p, seed=3, dtype="float64")(tf.constant(X), training=True)
                     .numpy() != 0)
    r_keep = np.mean(dropout.dropout_forward(X, p, rng=np.random.default_rng(3))[0] != 0)
    assert abs(k_keep - (1 - p)) < 0.02 and abs(r_keep - (1 - p)) < 0.02


# ------------------------------------------------------------------ early stopping


@pytest.fixture(scope="module")
def tiny_model(keras):
    return keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])


def keras_early_stopping(keras, model, losses, patience):
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
    callback.set_model(model)
    model.stop_training = False
    callback.on_train_begin()
    for epoch, loss in enumerate(losses):
        callback.on_epoch_end(epoch, {"val_loss": float(loss)})
        if model.stop_training:
            assert callback.stopped_epoch == epoch
            return epoch, callback.best_epoch
    return len(losses) - 1, callback.best_epoch


# Keras compares the monitored values as float32 tensors (ops.less), and TF flushes
# float32 subnormals to zero: draw losses that float32 represents exactly, without
# subnormals (in training they are float32 anyway)
LOSS_VALUES = st.one_of(st.sampled_from([0.125, 0.25, 0.375, 0.5, 1.0]),  # many ties
                        st.floats(0.0, 10.0, width=32, allow_subnormal=False))


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(losses=st.lists(LOSS_VALUES, min_size=1, max_size=25), patience=st.integers(1, 6))
def test_early_stopping_matches_keras(keras, tiny_model, losses, patience):
    want = keras_early_stopping(keras, tiny_model, losses, patience)
    got = dropout.early_stopping(losses, patience)
    assert tuple(got) == want, f"losses={losses}, patience={patience}"


# ------------------------------------------------------------------ keras_dnn (the reference's own)


def test_build_model_architecture(keras):
    from reference import keras_dnn

    model = keras_dnn.build_model(4)
    assert model.count_params() == 97                     # 4*16 + 16 + 16 + 1
    assert [type(layer).__name__ for layer in model.layers] == ["Dense", "Dense"]
    assert model.layers[-1].get_config()["activation"] == "sigmoid"
    assert model.loss == "binary_crossentropy"
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    multi = keras_dnn.build_model(64, hidden_units=(32, 16), dropout=0.25, n_classes=10)
    assert [type(layer).__name__ for layer in multi.layers] == ["Dense", "Dropout", "Dense",
                                                                 "Dropout", "Dense"]
    assert multi.count_params() == 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10
    assert multi.loss == "sparse_categorical_crossentropy"
    assert multi.layers[-1].get_config()["activation"] == "softmax"


def test_train_model_early_stopping_restores_the_best_weights(keras):
    from reference import keras_dnn

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    model = keras_dnn.build_model(4, learning_rate=0.05)
    history = keras_dnn.train_model(model, X, y, epochs=40, patience=2, seed=1)
    val = history.history["val_loss"]
    assert 1 <= len(val) <= 40 and "accuracy" in history.history
    # restore_best_weights: the model's validation loss is the best one seen
    X_val, y_val = X[160:].astype(np.float32), y[160:]
    loss = model.evaluate(X_val, y_val, verbose=0)[0]
    assert loss == pytest.approx(min(val), rel=1e-4, abs=1e-5)


def test_train_digits_classifier_reaches_95_percent(keras):
    import time

    from reference import keras_dnn

    start = time.perf_counter()
    model, accuracy = keras_dnn.train_digits_classifier(seed=0)
    assert accuracy >= 0.95
    assert time.perf_counter() - start < 60          # ~5 s here; generous for slow CI
    probabilities = model.predict(np.zeros((3, 64), dtype=np.float32), verbose=0)
    assert probabilities.shape == (3, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
