"""Public tests for dropout.py (run: pytest tests/test_dropout.py).

Dropout (001_629117b4bfcd7762.txt, "Dropout"; 002, "Dropout") and early
stopping with patience (001, "Early Stopping"), checked on small hand-worked
cases.
"""
import numpy as np
import pytest

import dropout

X = np.arange(1.0, 7.0).reshape(2, 3)


def test_p_zero_is_the_identity():
    out, mask = dropout.dropout_forward(X, 0.0)  # no rng needed: nothing is random
    np.testing.assert_array_equal(out, X)
    np.testing.assert_array_equal(mask, np.ones_like(X))


def test_not_training_is_the_identity():
    out, mask = dropout.dropout_forward(X, 0.5, training=False)
    np.testing.assert_array_equal(out, X)
    np.testing.assert_array_equal(mask, np.ones_like(X))


def test_p_one_drops_everything():
    out, mask = dropout.dropout_forward(X, 1.0, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(out, np.zeros_like(X))
    np.testing.assert_array_equal(mask, np.zeros_like(X))


def test_mask_uses_the_documented_rng_call():
    out, mask = dropout.dropout_forward(X, 0.4, rng=np.random.default_rng(42))
    expected = (np.random.default_rng(42).random(X.shape) >= 0.4) / (1 - 0.4)
    np.testing.assert_allclose(mask, expected)
    np.testing.assert_allclose(out, X * expected)


def test_inverted_dropout_keeps_the_mean():
    big = np.ones((200, 50))
    out, mask = dropout.dropout_forward(big, 0.5, rng=np.random.default_rng(1))
    assert set(np.unique(mask)) <= {0.0, 2.0}
    assert abs((mask == 0).mean() - 0.5) < 0.05
    assert abs(out.mean() - 1.0) < 0.1


def test_dropout_forward_rejects_bad_arguments():
    for p in (-0.1, 1.5):
        with pytest.raises(ValueError, match="p_drop"):
            dropout.dropout_forward(X, p, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng"):
        dropout.dropout_forward(X, 0.5, training=True, rng=None)


def test_dropout_does_not_modify_inputs_and_backward_uses_the_mask():
    Xc = X.copy()
    out, mask = dropout.dropout_forward(Xc, 0.5, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(Xc, X)
    dout = np.ones_like(X)
    np.testing.assert_allclose(dropout.dropout_backward(dout, mask), mask)
    np.testing.assert_allclose(dropout.dropout_backward([[1.0, 2.0]], [[0.0, 2.0]]), [[0.0, 4.0]])
    np.testing.assert_array_equal(dout, np.ones_like(X))


def test_early_stopping_hand_worked_examples():
    # best 0.6 at epoch 2; epochs 3, 4, 5 do not beat it; stop at k = 5 and keep step k - p = 2
    assert tuple(dropout.early_stopping([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.7], patience=3)) == (5, 2)
    assert tuple(dropout.early_stopping([1.0, 0.5, 0.5, 0.5], patience=2)) == (3, 1)  # a tie is no improvement
    assert tuple(dropout.early_stopping([3.0, 2.0, 1.0], patience=2)) == (2, 2)  # never stops early
    assert tuple(dropout.early_stopping([1.0, 2.0, 0.5], patience=1)) == (1, 0)


def test_early_stopping_rejects_bad_arguments():
    with pytest.raises(ValueError, match="patience"):
        dropout.early_stopping([1.0, 0.5], patience=0)
    with pytest.raises(ValueError, match="val_losses"):
        dropout.early_stopping([], patience=2)
