"""Public tests for perceptron.py (run: pytest tests/test_perceptron.py).

The training examples follow 001_629117b4bfcd7762.txt ("1.3 Training
Algorithm", "Applications -- It can be used to implement Logic Gates") and
the XOR limitation of 000 ("Limitations Of Single Layer Perceptron").
"""
import numpy as np
import pytest

import perceptron

X01 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND = np.array([0, 0, 0, 1])
OR = np.array([0, 1, 1, 1])
XOR = np.array([0, 1, 1, 0])
TRUTH = {"AND": AND, "OR": OR, "NAND": 1 - AND, "NOR": 1 - OR}


def test_step_fires_at_threshold_and_returns_ints():
    y = perceptron.step([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(y, [0, 1, 1])
    assert y.dtype.kind in "iu"
    np.testing.assert_array_equal(perceptron.step([0.4, 0.5], threshold=0.5), [0, 1])
    assert perceptron.step(np.zeros((2, 3))).shape == (2, 3)


def test_perceptron_predict_notes_gate_and_shapes():
    # 001: W = 1, W = 1, threshold t = 0.5 (b = -0.5) -> OR
    np.testing.assert_array_equal(perceptron.perceptron_predict(X01, [1, 1], -0.5), OR)
    np.testing.assert_array_equal(perceptron.perceptron_predict(X01, [1, 1], -1.5), AND)
    both = perceptron.perceptron_predict(X01, np.array([[1, 1], [1, 1]]), np.array([-1.5, -0.5]))
    assert both.shape == (4, 2)
    np.testing.assert_array_equal(both, np.column_stack([AND, OR]))


def test_perceptron_train_learns_and():
    w, b, epochs, converged = perceptron.perceptron_train(X01, AND)
    # traced by hand: 5 epochs with changes, then 1 without
    np.testing.assert_allclose(w, [2.0, 1.0])
    assert float(b) == -3.0
    assert (epochs, converged) == (6, True)
    np.testing.assert_array_equal(perceptron.perceptron_predict(X01, w, b), AND)


def test_perceptron_train_cannot_learn_xor():
    w, b, epochs, converged = perceptron.perceptron_train(X01, XOR, max_epochs=20)
    assert not converged
    assert epochs == 20


def test_perceptron_train_several_outputs():
    Y = np.column_stack([AND, OR])
    w, b, epochs, converged = perceptron.perceptron_train(X01, Y)
    assert np.shape(w) == (2, 2) and np.shape(b) == (2,)
    assert converged
    np.testing.assert_array_equal(perceptron.perceptron_predict(X01, w, b), Y)


def test_perceptron_train_leaves_inputs_and_w0_alone():
    X, y, w0 = X01.astype(float), AND.copy(), np.array([0.5, -0.5])
    copies = [a.copy() for a in (X, y, w0)]
    w, b, _, converged = perceptron.perceptron_train(X, y, lr=0.5, w0=w0, b0=0.25)
    assert converged
    np.testing.assert_array_equal(perceptron.perceptron_predict(X, w, b), AND)
    for after, before in zip((X, y, w0), copies):
        np.testing.assert_array_equal(after, before)


def test_bipolar_step_has_a_theta_band():
    y = perceptron.bipolar_step([0.5, 0.2, 0.0, -0.2, -0.5])
    np.testing.assert_array_equal(y, [1, 0, 0, 0, -1])
    np.testing.assert_array_equal(perceptron.bipolar_step([0.6, 0.4], theta=0.5), [1, 0])


def test_bipolar_training_on_and_notes_algorithm():
    # 001, "1.3 Training Algorithm", bipolar inputs and targets
    X = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])
    t = np.array([1, -1, -1, -1])
    w, b, epochs, converged = perceptron.perceptron_train_bipolar(X, t)
    np.testing.assert_allclose(w, [1.0, 1.0])
    assert float(b) == -1.0
    assert (epochs, converged) == (2, True)


def test_bipolar_training_several_outputs_matches_single_units():
    X = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]])
    T = np.array([[1, 1], [-1, 1], [-1, 1], [-1, -1]])  # AND, OR
    w, b, _, converged = perceptron.perceptron_train_bipolar(X, T)
    assert np.shape(w) == (2, 2) and np.shape(b) == (2,) and converged
    for j in range(2):
        wj, bj, _, _ = perceptron.perceptron_train_bipolar(X, T[:, j])
        np.testing.assert_allclose(w[:, j], wj)
        assert b[j] == pytest.approx(bj)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR", "and", "Nor"])
def test_gate_perceptron_truth_tables(gate):
    w, b = perceptron.gate_perceptron(gate)
    np.testing.assert_array_equal(perceptron.perceptron_predict(X01, w, b), TRUTH[gate.upper()])


def test_gate_perceptron_rejects_xor():
    with pytest.raises(ValueError, match="gate"):
        perceptron.gate_perceptron("XOR")
