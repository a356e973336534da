"""catches: sigmoid: the notes' neuron z = 1.1 gives about 0.75

Mutant of solutions/neuron.py with one realistic student bug: the stable sigmoid selects its two formulas the wrong way round, which gives sigmoid(-z).

Neuron math: weighted sum, activation functions and their derivatives, losses.

Conventions: inputs may be Python scalars, lists or numpy arrays; every array
result is a new float64 numpy array (0-d for scalar input), losses are Python
floats. No function modifies its arguments. Invalid arguments raise ValueError
naming the argument. All functions are stable for finite inputs up to 1e4.
"""
import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear")


def _as_float(value, name):
    """`value` as a float64 array (no copy is made if it already is one)."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc


def _scalar(value, name):
    """A real scalar parameter as a Python float."""
    arr = _as_float(value, name)
    if arr.ndim != 0 or not np.isfinite(arr):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    return float(arr)


def weighted_sum(x, w, b):
    """z = x @ w + b.

    x: (n,) or (m, n); w: (n,) or (n, k); b: scalar or (k,).
    Returns shape (), (m,), (k,) or (m, k) accordingly.
    Notes' example: x=[1, 2, 3], w=[0.5, -1, 0.8], b=0.2 gives 1.1.
    """
    x = _as_float(x, "x")
    w = _as_float(w, "w")
    b = _as_float(b, "b")
    if x.ndim not in (1, 2):
        raise ValueError(f"x must have shape (n,) or (m, n), got {x.shape}")
    if w.ndim not in (1, 2):
        raise ValueError(f"w must have shape (n,) or (n, k), got {w.shape}")
    if x.shape[-1] != w.shape[0]:
        raise ValueError(f"w has {w.shape[0]} rows but x has {x.shape[-1]} features")
    n_out = w.shape[1] if w.ndim == 2 else None
    if not (b.ndim == 0 or (n_out is not None and b.shape == (n_out,))):
        raise ValueError(f"b must be a scalar or have shape ({n_out},) to match w, got {b.shape}")
    return np.asarray(x @ w + b, dtype=float)


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), elementwise, shape preserved.

    Stable: only exp(-|z|) in (0, 1] is evaluated, so nothing overflows.
    """
    z = _as_float(z, "z")
    with np.errstate(under="ignore"):  # exp(-1e4) -> 0.0 is exactly right
        e = np.exp(-np.abs(z))
    return np.asarray(np.where(z >= 0, e / (1.0 + e), 1.0 / (1.0 + e)))  # BUG: branches swapped: sigmoid(-z)


def sigmoid_derivative(z):
    """d sigmoid / dz at the pre-activation z: sigmoid(z) * (1 - sigmoid(z))."""
    s = sigmoid(z)
    return np.asarray(s * (1.0 - s))


def tanh(z):
    """Hyperbolic tangent, elementwise (np.tanh is stable for any finite z)."""
    return np.asarray(np.tanh(_as_float(z, "z")))


def tanh_derivative(z):
    """d tanh / dz at z: 1 - tanh(z)**2."""
    t = tanh(z)
    return np.asarray(1.0 - t * t)


def relu(z):
    """max(0, z), elementwise."""
    z = _as_float(z, "z")
    return np.asarray(np.maximum(z, 0.0))


def relu_derivative(z):
    """1.0 where z > 0, else 0.0 (the derivative at 0 is taken as 0)."""
    z = _as_float(z, "z")
    return np.asarray(z > 0, dtype=float)


def leaky_relu(z, alpha=0.01):
    """z where z > 0, else alpha * z."""
    z = _as_float(z, "z")
    alpha = _scalar(alpha, "alpha")
    return np.asarray(np.where(z > 0, z, alpha * z))


def elu(z, alpha=1.0):
    """z where z >= 0, else alpha * (exp(z) - 1).

    exp is only evaluated on min(z, 0), so large positive z cannot overflow.
    """
    z = _as_float(z, "z")
    alpha = _scalar(alpha, "alpha")
    with np.errstate(under="ignore"):
        negative_part = alpha * np.expm1(np.minimum(z, 0.0))
    return np.asarray(np.where(z >= 0, z, negative_part))


def softmax(z, axis=-1):
    """exp(z) / sum(exp(z)) along `axis`, shifted by the max for stability.

    Shape preserved; the result sums to 1 along `axis`.
    Notes' table: [-5, -3, 0, 2, 5] gives ~[0.0000, 0.0003, 0.0064, 0.0471, 0.9462].
    """
    z = _as_float(z, "z")
    if z.ndim == 0:
        raise ValueError("z must have at least one dimension for softmax")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis must be an integer in [{-z.ndim}, {z.ndim - 1}], got {axis!r}")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    with np.errstate(under="ignore"):
        e = np.exp(shifted)  # all exponents <= 0: no overflow, max term is 1
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


_ACTIVATION_FUNCTIONS = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "elu": elu,
    "linear": lambda z: np.array(z, dtype=float),
}


def neuron_output(x, w, b, activation="sigmoid"):
    """activation(weighted_sum(x, w, b)); shapes as in weighted_sum.

    activation: one of "sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear".
    """
    if not isinstance(activation, str) or activation not in _ACTIVATION_FUNCTIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    return _ACTIVATION_FUNCTIONS[activation](weighted_sum(x, w, b))


def _pair(y_true, y_pred):
    y_true = _as_float(y_true, "y_true")
    y_pred = _as_float(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_pred has shape {y_pred.shape} but y_true has shape {y_true.shape}")
    if y_true.size == 0:
        raise ValueError("y_true and y_pred must not be empty")
    return y_true, y_pred


def _eps(eps):
    eps = _scalar(eps, "eps")
    if not 0.0 < eps < 0.5:
        raise ValueError(f"eps must be in (0, 0.5), got {eps!r}")
    return eps


def mse(y_true, y_pred):
    """Mean of (y_true - y_pred)**2 over all elements, a float."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean((y_true - y_pred) ** 2))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    """Mean over all elements of -(y log p + (1 - y) log(1 - p)), p clipped to [eps, 1 - eps]."""
    y_true, y_pred = _pair(y_true, y_pred)
    eps = _eps(eps)
    p = np.clip(y_pred, eps, 1.0 - eps)
    return float(np.mean(-(y_true * np.log(p) + (1.0 - y_true) * np.log(1.0 - p))))


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    """Mean over samples of -sum_k y log p, p clipped to [eps, 1].

    y_true: one-hot (m, k) (a single sample may be given as (k,)); y_pred: probabilities, same shape.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    if y_true.ndim == 0:
        raise ValueError("y_true must have shape (m, k) (or (k,) for one sample), got a scalar")
    p = np.clip(y_pred, _eps(eps), 1.0)
    return float(np.mean(-np.sum(y_true * np.log(p), axis=-1)))
