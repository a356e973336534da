"""Public tests for mlp.py (run: pytest tests/test_mlp.py).

Worked numbers: the 2-2-2 walk-through of 000_7462f8ef9b0582c8.txt
("Backpropagation -- Step-By-Step Learning Of A Neural Network") and the 4-2-1
solved example of 001_629117b4bfcd7762.txt ("Multi-Layer Perceptron Learning
-- Solved Example"), with the notes' slip corrected (I6 = 1.0, O6 = 0.731,
new w67 = 0.283; see notes/README.md).
"""
import numpy as np
import pytest

import mlp

TOL = 2e-3  # the notes round to 3 decimals


def params_4_2_1():
    """The table of the 001 solved example: w_ij is W[i, j], theta_j the bias."""
    return {
        "W1": np.array([[0.3, 0.1], [-0.2, 0.4], [0.2, -0.3], [0.1, 0.4]]),  # w15 w16 / w25 w26 / ...
        "b1": np.array([0.2, 0.1]),  # theta5, theta6
        "W2": np.array([[-0.3], [0.2]]),  # w57, w67
        "b2": np.array([-0.3]),  # theta7
    }


X_4_2_1 = np.array([[1.0, 1.0, 0.0, 1.0]])
Y_4_2_1 = np.array([[1.0]])


def test_init_weights_uses_the_documented_rng_calls():
    assert np.array_equal(mlp.init_weights(3, 4, "zeros", np.random.default_rng(0)), np.zeros((3, 4)))
    w = mlp.init_weights(3, 4, "random", np.random.default_rng(1))
    np.testing.assert_array_equal(w, np.random.default_rng(1).uniform(-0.5, 0.5, (3, 4)))
    a = np.sqrt(6 / (3 + 4))
    w = mlp.init_weights(3, 4, "xavier", np.random.default_rng(2))
    np.testing.assert_array_equal(w, np.random.default_rng(2).uniform(-a, a, (3, 4)))
    w = mlp.init_weights(3, 4, "he", np.random.default_rng(3))
    np.testing.assert_array_equal(w, np.random.default_rng(3).normal(0, np.sqrt(2 / 3), (3, 4)))
    with pytest.raises(ValueError, match="method"):
        mlp.init_weights(3, 4, "glorot_normal", np.random.default_rng(0))


def test_init_params_shapes_and_order():
    params = mlp.init_params((4, 2, 1), "random", np.random.default_rng(0))
    assert sorted(params) == ["W1", "W2", "b1", "b2"]
    assert params["W1"].shape == (4, 2) and params["b1"].shape == (2,)
    assert params["W2"].shape == (2, 1) and params["b2"].shape == (1,)
    np.testing.assert_array_equal(params["b1"], 0.0)
    np.testing.assert_array_equal(params["b2"], 0.0)
    rng = np.random.default_rng(0)  # W1 drawn first, then W2, nothing else
    np.testing.assert_array_equal(params["W1"], rng.uniform(-0.5, 0.5, (4, 2)))
    np.testing.assert_array_equal(params["W2"], rng.uniform(-0.5, 0.5, (2, 1)))


def test_forward_2_2_2_walkthrough_hidden_layer():
    # 000: in_h1 = 0.25*0.1 + 0.5*0.05 + 0.3 = 0.35, in_h2 = 0.2*0.1 + 0.15*0.05 + 0.3 = 0.3275
    hidden = {"W1": np.array([[0.25, 0.2], [0.5, 0.15]]), "b1": np.array([0.3, 0.3])}
    X = np.array([[0.1, 0.05]])
    z, _ = mlp.forward(X, hidden, output_activation="linear")
    np.testing.assert_allclose(z, [[0.35, 0.3275]], atol=1e-10)
    a, _ = mlp.forward(X, hidden)
    assert a.shape == (1, 2)
    np.testing.assert_allclose(a, [[0.5866, 0.5812]], atol=1e-4)  # out_h1, out_h2


def test_forward_4_2_1_solved_example_corrected():
    a, _ = mlp.forward(X_4_2_1, params_4_2_1())
    assert a.shape == (1, 1)
    # I6 = 1.0 (not 1.2), O6 = 0.731, I7 = -0.333, O7 = 0.417 (the notes' 0.419 carries the slip)
    assert a[0, 0] == pytest.approx(0.4174, abs=1e-4)
    batch, _ = mlp.forward(np.vstack([X_4_2_1] * 3), params_4_2_1())
    assert batch.shape == (3, 1)


def test_mse_loss_is_the_notes_e_total():
    # 000: out_o1 = 0.7927, out_o2 = 0.7603, E_o1 = 0.2985, E_o2 = 0.0241, E_total = 0.3226;
    # targets 0.02 and 0.98 reproduce both errors (they were in a lost picture)
    loss = mlp.mse_loss(np.array([[0.02, 0.98]]), np.array([[0.7927, 0.7603]]))
    assert isinstance(loss, float)
    assert loss == pytest.approx(0.3226, abs=1e-3)
    # (1/m) * sum of 0.5 * (Y - A)**2: divide by the number of samples
    assert mlp.mse_loss(np.array([[1.0], [0.0]]), np.array([[0.0], [0.0]])) == pytest.approx(0.25)


def test_backward_4_2_1_solved_example():
    params = params_4_2_1()
    _, cache = mlp.forward(X_4_2_1, params)
    grads = mlp.backward(X_4_2_1, Y_4_2_1, params, cache)
    for name in params:
        assert grads["d" + name].shape == params[name].shape
    # the notes' error terms are minus the gradients: Error_7 = 0.1417, Error_6 = 0.0056, Error_5 = -0.0102
    np.testing.assert_allclose(grads["db2"], [-0.1417], atol=1e-4)
    np.testing.assert_allclose(grads["dW2"], [[-0.0848], [-0.1036]], atol=1e-4)
    np.testing.assert_allclose(grads["db1"], [0.0102, -0.0056], atol=1e-4)
    np.testing.assert_allclose(grads["dW1"][2], [0.0, 0.0], atol=1e-12)  # x3 = 0


def test_backward_matches_finite_differences():
    rng = np.random.default_rng(7)
    X, Y = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    params = {"W1": rng.normal(size=(3, 4)), "b1": rng.normal(size=4),
              "W2": rng.normal(size=(4, 2)), "b2": rng.normal(size=2)}
    _, cache = mlp.forward(X, params, hidden_activation="tanh")
    grads = mlp.backward(X, Y, params, cache, hidden_activation="tanh")
    h = 1e-6
    for name, value in params.items():
        for idx in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][idx] += h
            minus[name][idx] -= h
            f_plus = mlp.mse_loss(Y, mlp.forward(X, plus, hidden_activation="tanh")[0])
            f_minus = mlp.mse_loss(Y, mlp.forward(X, minus, hidden_activation="tanh")[0])
            expected = (f_plus - f_minus) / (2 * h)
            assert grads["d" + name][idx] == pytest.approx(expected, abs=1e-6), f"d{name}{list(idx)}"


def test_train_step_4_2_1_solved_example():
    new = mlp.train_step(X_4_2_1, Y_4_2_1, params_4_2_1(), lr=0.8)
    np.testing.assert_allclose(new["W1"], [[0.292, 0.104], [-0.208, 0.404], [0.2, -0.3], [0.092, 0.404]], atol=TOL)
    np.testing.assert_allclose(new["b1"], [0.192, 0.104], atol=TOL)
    np.testing.assert_allclose(new["W2"], [[-0.232], [0.283]], atol=TOL)  # 0.283, not the slip's 0.287
    np.testing.assert_allclose(new["b2"], [-0.187], atol=TOL)


def test_train_step_leaves_params_and_data_alone():
    params = params_4_2_1()
    X, Y = X_4_2_1.copy(), Y_4_2_1.copy()
    new = mlp.train_step(X, Y, params, lr=0.8)
    for name, value in params_4_2_1().items():
        np.testing.assert_array_equal(params[name], value)
        assert new[name] is not params[name]
    np.testing.assert_array_equal(X, X_4_2_1)
    np.testing.assert_array_equal(Y, Y_4_2_1)


def test_train_learns_xor():
    # 003, "1. Simple Neural Network in Python using NumPy" (a 2-2-1 net, 10,000 epochs there)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    params, losses = mlp.train(X, Y, (2, 4, 1), lr=2.0, epochs=3000, rng=np.random.default_rng(0))
    assert len(losses) == 3000
    assert losses[-1] < losses[0]
    a, _ = mlp.forward(X, params)
    np.testing.assert_array_equal(np.round(a).ravel(), [0, 1, 1, 0])


def test_numerical_gradient_central_differences():
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    before = x.copy()
    g = mlp.numerical_gradient(lambda v: float(np.sum(v ** 2)), x)
    assert g.shape == (2, 2)
    np.testing.assert_allclose(g, 2 * before, atol=1e-6)
    np.testing.assert_array_equal(x, before)


def test_unknown_activation_is_a_value_error():
    with pytest.raises(ValueError, match="activation"):
        mlp.forward(X_4_2_1, params_4_2_1(), hidden_activation="softplus")
