"""Public tests for optimizers.py (run: pytest tests/test_optimizers.py).

Hand-checkable steps; the notes' numbers are the 2-2-2 update of w7 and the
10,000 images / batch 1000 example of 000_7462f8ef9b0582c8.txt.
"""
import numpy as np
import pytest

import optimizers


def test_sgd_update_notes_w7():
    # 000: dE/dw7 = 0.0745, alpha = 0.5, w7_new = 0.5628 (so w7 was 0.6)
    assert float(optimizers.sgd_update(0.6, 0.0745, 0.5)) == pytest.approx(0.5628, abs=1e-4)
    w = optimizers.sgd_update(np.array([[1.0, 2.0]]), np.array([[0.5, -1.0]]), 0.1)
    np.testing.assert_allclose(w, [[0.95, 2.1]])


def test_momentum_two_steps():
    w, v = optimizers.momentum_update(np.array([1.0]), np.array([1.0]), np.zeros(1), lr=0.1)
    np.testing.assert_allclose((w, v), ([0.9], [-0.1]))
    w, v = optimizers.momentum_update(w, np.array([1.0]), v, lr=0.1)
    np.testing.assert_allclose((w, v), ([0.71], [-0.19]))


def test_adagrad_two_steps_and_zero_gradient(strict_numpy):
    w, cache = optimizers.adagrad_update(np.array([1.0]), np.array([2.0]), np.zeros(1), lr=0.1)
    np.testing.assert_allclose((w, cache), ([0.9], [4.0]))
    w, cache = optimizers.adagrad_update(w, np.array([2.0]), cache, lr=0.1)
    np.testing.assert_allclose((w, cache), ([0.9 - 0.2 / np.sqrt(8)], [8.0]))
    w, cache = optimizers.adagrad_update(np.ones(3), np.zeros(3), np.zeros(3), lr=0.1)
    np.testing.assert_array_equal(w, np.ones(3))
    # eps goes outside the root: sqrt(1e-16) + 1e-8 = 2e-8, so the step is 0.1 * 1e-8 / 2e-8 = 0.05
    w, _ = optimizers.adagrad_update(np.array([1.0]), np.array([1e-8]), np.zeros(1), lr=0.1)
    np.testing.assert_allclose(w, [0.95], rtol=1e-6)


def test_rmsprop_step():
    w, cache = optimizers.rmsprop_update(np.array([1.0]), np.array([2.0]), np.zeros(1), lr=0.1)
    np.testing.assert_allclose(cache, [0.4])
    np.testing.assert_allclose(w, [1 - 0.2 / np.sqrt(0.4)])  # ~0.6838


def test_adam_first_step_and_bad_t():
    w, m, v = optimizers.adam_update(np.array([1.0, 1.0]), np.array([2.0, -0.5]), np.zeros(2), np.zeros(2),
                                     t=1, lr=0.1)
    np.testing.assert_allclose(m, [0.2, -0.05])
    np.testing.assert_allclose(v, [0.004, 0.00025])
    np.testing.assert_allclose(w, [0.9, 1.1], atol=1e-6)  # first step ~ lr against the gradient's sign
    with pytest.raises(ValueError, match=r"\bt\b"):
        optimizers.adam_update(np.ones(2), np.ones(2), np.zeros(2), np.zeros(2), t=0)


def test_updates_do_not_modify_their_arguments():
    w, dw, s1, s2 = np.array([1.0, -1.0]), np.array([0.5, 0.5]), np.array([0.1, 0.2]), np.array([0.3, 0.4])
    copies = [a.copy() for a in (w, dw, s1, s2)]
    optimizers.sgd_update(w, dw, 0.1)
    optimizers.momentum_update(w, dw, s1, 0.1)
    optimizers.adagrad_update(w, dw, s1, 0.1)
    optimizers.rmsprop_update(w, dw, s1, 0.1)
    optimizers.adam_update(w, dw, s1, s2, t=3)
    for after, before in zip((w, dw, s1, s2), copies):
        np.testing.assert_array_equal(after, before)


def test_minibatches_in_order():
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    batches = list(optimizers.minibatches(X, y, 4, shuffle=False))
    assert [len(yb) for _, yb in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([xb for xb, _ in batches]), X)
    np.testing.assert_array_equal(np.concatenate([yb for _, yb in batches]), y)


def test_minibatches_shuffled_cover_every_sample_once():
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    batches = list(optimizers.minibatches(X, y, 3, shuffle=True, rng=np.random.default_rng(5)))
    assert [len(yb) for _, yb in batches] == [3, 3, 3, 1]
    order = np.concatenate([yb for _, yb in batches])
    np.testing.assert_array_equal(order, np.random.default_rng(5).permutation(10))
    for xb, yb in batches:  # pairs stay together
        np.testing.assert_array_equal(xb[:, 0], 2 * yb)
    np.testing.assert_array_equal(y, np.arange(10))  # not shuffled in place


def test_minibatches_reject_bad_arguments():
    X, y = np.zeros((4, 2)), np.zeros(4)
    with pytest.raises(ValueError, match="batch_size"):
        list(optimizers.minibatches(X, y, 0, shuffle=False))
    with pytest.raises(ValueError, match="rng"):
        list(optimizers.minibatches(X, y, 2, shuffle=True, rng=None))


def test_iterations_per_epoch_notes_example():
    # 000: 10,000 images, batch size 1000 -> 10 iterations per epoch
    assert optimizers.iterations_per_epoch(10000, 1000) == 10
    assert optimizers.iterations_per_epoch(10001, 1000) == 11
    assert 50 * optimizers.iterations_per_epoch(10000, 1000) == 500  # 50 epochs


def test_gradient_descent_path():
    w, path = optimizers.gradient_descent(lambda w: 2 * w, 1.0, 0.25, 3)  # J(w) = w**2
    assert float(w) == pytest.approx(0.125)
    np.testing.assert_allclose(np.ravel(path), [1.0, 0.5, 0.25, 0.125])
    w0 = np.array([1.0, -2.0])
    w, path = optimizers.gradient_descent(lambda w: 2 * w, w0, 0.25, 2)
    assert path.shape == (3, 2)
    np.testing.assert_allclose(path, [[1.0, -2.0], [0.5, -1.0], [0.25, -0.5]])
    np.testing.assert_array_equal(w0, [1.0, -2.0])
