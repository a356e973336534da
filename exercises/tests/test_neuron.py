"""Public tests for neuron.py (run: pytest tests/test_neuron.py).

Expected values come from the course notes: the neuron example of
003_fb44594f36c7507d.txt ("1.2 Neural Network Structure", "Example:") and the
softmax table of 000_7462f8ef9b0582c8.txt ("The Softmax Function").
"""
import numpy as np
import pytest

import neuron


def test_weighted_sum_notes_example():
    # 003: z = 1.0*0.5 + 2.0*(-1.0) + 3.0*0.8 + 0.2 = 1.1
    z = neuron.weighted_sum([1, 2, 3], [0.5, -1, 0.8], 0.2)
    assert np.asarray(z).dtype == np.float64
    assert np.shape(z) == ()
    assert float(z) == pytest.approx(1.1, abs=1e-12)


def test_weighted_sum_batch_and_several_neurons():
    X = np.array([[1, 0, 0], [0, 1, 0], [1, 1, 1]])
    W = np.array([[1, 2], [3, 4], [5, 6]])
    z = neuron.weighted_sum(X, W, [0.5, -0.5])
    assert z.shape == (3, 2)
    np.testing.assert_allclose(z, [[1.5, 1.5], [3.5, 3.5], [9.5, 11.5]])
    # one neuron, batch of inputs -> one value per sample
    assert neuron.weighted_sum(X, [1, 1, 1], 0.0).shape == (3,)


def test_sigmoid_values_and_shape():
    assert float(neuron.sigmoid(1.1)) == pytest.approx(0.7503, abs=1e-4)  # 003: ~0.75
    assert float(neuron.sigmoid(0.0)) == 0.5
    assert float(neuron.sigmoid(0.35)) == pytest.approx(0.5866, abs=1e-4)  # 000: out_h1
    out = neuron.sigmoid(np.zeros((2, 3)))
    assert out.shape == (2, 3) and out.dtype == np.float64


def test_sigmoid_is_stable_for_large_inputs(strict_numpy):
    assert float(neuron.sigmoid(-1000.0)) == pytest.approx(0.0, abs=1e-300)
    assert float(neuron.sigmoid(1000.0)) == 1.0
    out = neuron.sigmoid(np.array([-1e4, -750.0, 0.0, 750.0, 1e4]))
    assert not np.any(np.isnan(out))
    np.testing.assert_allclose(out, [0.0, 0.0, 0.5, 1.0, 1.0], atol=1e-300)


def test_sigmoid_derivative_is_taken_at_z(strict_numpy):
    assert float(neuron.sigmoid_derivative(0.0)) == pytest.approx(0.25)
    assert float(neuron.sigmoid_derivative(1.1)) == pytest.approx(0.1874, abs=1e-4)
    np.testing.assert_allclose(neuron.sigmoid_derivative(np.array([-1000.0, 1000.0])), [0.0, 0.0], atol=1e-300)


def test_tanh_and_its_derivative(strict_numpy):
    assert float(neuron.tanh(1.1)) == pytest.approx(0.8005, abs=1e-4)
    np.testing.assert_allclose(neuron.tanh(np.array([-1000.0, 0.0, 1000.0])), [-1.0, 0.0, 1.0])
    assert float(neuron.tanh_derivative(0.0)) == pytest.approx(1.0)
    assert float(neuron.tanh_derivative(1.1)) == pytest.approx(0.3592, abs=1e-4)
    np.testing.assert_allclose(neuron.tanh_derivative(np.array([-1000.0, 1000.0])), [0.0, 0.0], atol=1e-300)


def test_relu_leaky_relu_and_derivative():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(neuron.relu(z), [0.0, 0.0, 3.0])
    d = neuron.relu_derivative(z)
    assert d.dtype == np.float64
    np.testing.assert_array_equal(d, [0.0, 0.0, 1.0])  # 0.0 at z == 0
    np.testing.assert_allclose(neuron.leaky_relu([-10.0, 0.0, 5.0]), [-0.1, 0.0, 5.0])
    assert float(neuron.leaky_relu(-10.0, alpha=0.1)) == pytest.approx(-1.0)  # 002: max(0.1x, x)


def test_elu_values_and_stability(strict_numpy):
    assert float(neuron.elu(2.0)) == 2.0
    assert float(neuron.elu(-1.0)) == pytest.approx(-0.6321, abs=1e-4)
    np.testing.assert_allclose(neuron.elu(np.array([-1000.0, 1000.0])), [-1.0, 1000.0])
    assert float(neuron.elu(-1.0, alpha=2.0)) == pytest.approx(-1.2642, abs=1e-4)


def test_softmax_notes_table():
    # 000, "The Softmax Function": z_n = -5, -3, 0, 2, 5
    p = neuron.softmax([-5, -3, 0, 2, 5])
    np.testing.assert_allclose(np.round(p, 4), [0.0000, 0.0003, 0.0064, 0.0471, 0.9462])
    assert p.sum() == pytest.approx(1.0)


def test_softmax_axis_and_stability(strict_numpy):
    p = neuron.softmax(np.array([[1e4, 0.0], [0.0, 1e4]]))
    np.testing.assert_allclose(p, [[1.0, 0.0], [0.0, 1.0]], atol=1e-12)
    p0 = neuron.softmax(np.array([[1.0, 1.0], [3.0, 1.0]]), axis=0)  # columns sum to 1
    np.testing.assert_allclose(p0, [[0.1192, 0.5], [0.8808, 0.5]], atol=1e-4)


def test_neuron_output_activations():
    args = ([1, 2, 3], [0.5, -1, 0.8], 0.2)
    assert float(neuron.neuron_output(*args)) == pytest.approx(0.7503, abs=1e-4)
    assert float(neuron.neuron_output(*args, activation="relu")) == pytest.approx(1.1)
    assert float(neuron.neuron_output(*args, activation="linear")) == pytest.approx(1.1)
    assert float(neuron.neuron_output(*args, activation="tanh")) == pytest.approx(0.8005, abs=1e-4)
    with pytest.raises(ValueError, match="activation"):
        neuron.neuron_output(*args, activation="softplus")


def test_mse_and_binary_cross_entropy_values():
    loss = neuron.mse([1.0, 0.0], [0.5, 0.5])
    assert isinstance(loss, float) and loss == pytest.approx(0.25)
    assert neuron.mse([[1, 2], [3, 4]], [[1, 2], [3, 6]]) == pytest.approx(1.0)
    bce = neuron.binary_cross_entropy([1, 0], [0.9, 0.1])
    assert isinstance(bce, float) and bce == pytest.approx(0.1054, abs=1e-4)


def test_cross_entropies_clip_and_stay_finite(strict_numpy):
    # p = 0 for the true class is clipped to eps = 1e-12: loss = -log(1e-12) ~ 27.63
    assert neuron.binary_cross_entropy([1.0, 0.0], [0.0, 1.0]) == pytest.approx(27.631, abs=1e-3)
    cce = neuron.categorical_cross_entropy([[0, 1, 0]], [[0.2, 0.7, 0.1]])
    assert isinstance(cce, float) and cce == pytest.approx(0.3567, abs=1e-4)
    # mean over samples, not over samples * classes
    two = neuron.categorical_cross_entropy([[0, 1, 0], [1, 0, 0]], [[0.2, 0.7, 0.1], [0.0, 0.5, 0.5]])
    assert two == pytest.approx((0.35667 + 27.631) / 2, abs=1e-3)


def test_losses_reject_shape_mismatch():
    with pytest.raises(ValueError, match="y_true|y_pred"):
        neuron.mse([1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]])
    with pytest.raises(ValueError, match="y_true|y_pred"):
        neuron.binary_cross_entropy([1.0, 0.0], [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match="y_true|y_pred"):
        neuron.categorical_cross_entropy([[0, 1]], [[0.5, 0.25, 0.25]])


def test_inputs_are_not_modified():
    z = np.array([[-5.0, 0.0, 5.0], [1.0, 2.0, 3.0]])
    y_true = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    y_pred = np.array([[0.0, 1.0, 0.0], [0.5, 0.5, 0.0]])
    copies = [a.copy() for a in (z, y_true, y_pred)]
    neuron.softmax(z)
    neuron.sigmoid(z)
    neuron.binary_cross_entropy(y_true, y_pred)
    neuron.categorical_cross_entropy(y_true, y_pred)
    for after, before in zip((z, y_true, y_pred), copies):
        np.testing.assert_array_equal(after, before)
