"""Reference: neuron math (weighted sum, activations and their derivatives, losses).

Formulations are deliberately different from the textbook ones used in the
solutions, but mathematically identical and accurate to a few ulps:

* ``sigmoid(z) = exp(-max(-z, 0)) * (1 + tanh(|z| / 2)) / 2``.  For ``z >= 0``
  this is ``(1 + tanh(z/2)) / 2`` (= 1/(1+e^-z)); for ``z < 0`` it is
  ``e^z * sigmoid(|z|)`` (= e^z/(1+e^z)).  Both factors are computed to full
  relative precision, nothing overflows, and ``exp`` of a very negative number
  underflows silently to 0.
* ``sigmoid_derivative(z) = sigmoid(z) * sigmoid(-z)`` (= s(1-s) without the
  cancellation of ``1 - s`` for large z).
* ``tanh(z) = sign(z) * (-expm1(-2|z|)) / (2 + expm1(-2|z|))``.
* ``tanh_derivative(z) = 1/cosh(z)^2 = 4 e^(-2|z|) / (1 + e^(-2|z|))^2``
  (= 1 - tanh^2 without its cancellation).
* ``softmax(z) = exp(z - logsumexp(z))`` with the log-sum-exp shifted by the max.
* ``elu`` uses ``expm1`` on ``min(z, 0)`` (no overflow for large positive z).
* binary cross-entropy uses ``log`` and ``log1p(-p)`` of the clipped ``p``.

The private helpers at the top are shared by the other reference modules.
"""

from __future__ import annotations

import operator

import numpy as np

__all__ = [
    "weighted_sum", "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative",
    "relu", "relu_derivative", "leaky_relu", "elu", "softmax", "neuron_output",
    "mse", "binary_cross_entropy", "categorical_cross_entropy",
]

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear")


# --------------------------------------------------------------------------
# shared private helpers (used by perceptron, mlp, optimizers, dropout)
# --------------------------------------------------------------------------

def _float_array(value, name):
    """``value`` as a float64 ndarray (a fresh array: never a view of the input)."""
    try:
        arr = np.array(value, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric (a number, a list or an array of numbers); "
                         f"got {type(value).__name__}: {exc}") from None
    return arr


def _real(value, name, *, low=None, high=None, low_open=False, high_open=False):
    """A finite real scalar (Python float), optionally range-checked."""
    if isinstance(value, (bool, np.bool_)) or isinstance(value, str):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    try:
        arr = np.asarray(value)
    except Exception:  # pragma: no cover - exotic objects
        raise ValueError(f"{name} must be a real number, got {value!r}") from None
    if arr.ndim != 0 or not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(f"{name} must be a real scalar, got {value!r}")
    x = float(arr)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if low is not None and (x < low or (low_open and x == low)):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value!r}")
    if high is not None and (x > high or (high_open and x == high)):
        raise ValueError(f"{name} must be {'<' if high_open else '<='} {high}, got {value!r}")
    return x


def _integer(value, name, *, low=None):
    """An integer (``int`` or numpy integer; not a bool, not a float), optionally >= low."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    try:
        n = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None
    if low is not None and n < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    return n


def _same_shape(a, b, name_a, name_b):
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, "
                         f"got {name_a}{a.shape} and {name_b}{b.shape}")


def _check_activation(activation, name="activation"):
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise ValueError(f"{name} must be one of {', '.join(ACTIVATIONS)}; got {activation!r}")
    return activation


def _apply(activation, z):
    """Activation ``activation`` (a validated name) of the float64 array ``z``."""
    if activation == "sigmoid":
        return _sigmoid(z)
    if activation == "tanh":
        return _tanh(z)
    if activation == "relu":
        return np.where(z > 0.0, z, 0.0)
    if activation == "leaky_relu":
        return np.where(z > 0.0, z, 0.01 * z)
    if activation == "elu":
        return np.where(z >= 0.0, z, np.expm1(np.minimum(z, 0.0)))
    return z.copy()  # linear


def _apply_derivative(activation, z):
    """d activation / dz evaluated at the pre-activation ``z`` (float64 array)."""
    if activation == "sigmoid":
        return _sigmoid(z) * _sigmoid(-z)
    if activation == "tanh":
        return _sech2(z)
    if activation == "relu":
        return np.where(z > 0.0, 1.0, 0.0)
    if activation == "leaky_relu":
        return np.where(z > 0.0, 1.0, 0.01)
    if activation == "elu":
        # elu(z) = z (z >= 0), expm1(z) (z < 0): derivative 1, resp. exp(z)
        return np.where(z >= 0.0, 1.0, np.exp(np.minimum(z, 0.0)))
    return np.ones_like(z)  # linear


# --------------------------------------------------------------------------
# numerically careful kernels (float64 arrays in, float64 arrays out)
# --------------------------------------------------------------------------

def _sigmoid(z):
    a = np.abs(z)
    return np.exp(-np.maximum(-z, 0.0)) * (0.5 * (1.0 + np.tanh(0.5 * a)))


def _tanh(z):
    e = np.expm1(-2.0 * np.abs(z))          # in (-1, 0]
    return np.sign(z) * (-e / (2.0 + e))


def _sech2(z):
    e = np.exp(-2.0 * np.abs(z))            # in (0, 1]
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


def _out(x):
    """Always an ndarray of float64 (a 0-d array for a scalar)."""
    return np.asarray(x, dtype=np.float64)


# --------------------------------------------------------------------------
# the contract
# --------------------------------------------------------------------------

def _weighted_sum_arrays(x, w, b):
    """x @ w + b on validated float64 arrays, with shape checks naming the bad argument."""
    if x.ndim not in (1, 2):
        raise ValueError(f"x must be a vector (n,) or a batch (m, n), got shape {x.shape}")
    if w.ndim not in (1, 2):
        raise ValueError(f"w must be a vector (n,) or a matrix (n, k), got shape {w.shape}")
    if x.shape[-1] != w.shape[0]:
        raise ValueError(f"w has {w.shape[0]} rows but x has {x.shape[-1]} features "
                         f"(x{x.shape}, w{w.shape})")
    if w.ndim == 1:
        if b.ndim != 0:
            raise ValueError(f"b must be a scalar when w is a vector (one output), got shape {b.shape}")
    elif not (b.ndim == 0 or b.shape == (w.shape[1],)):
        raise ValueError(f"b must be a scalar or have shape ({w.shape[1]},), got shape {b.shape}")
    # contraction over the feature axis, written as a tensordot
    return _out(np.tensordot(x, w, axes=([x.ndim - 1], [0])) + b)


def weighted_sum(x, w, b):
    """``x @ w + b``: x (n,) or (m, n); w (n,) or (n, k); b scalar or (k,)."""
    return _weighted_sum_arrays(_float_array(x, "x"), _float_array(w, "w"), _float_array(b, "b"))


def sigmoid(z):
    """Logistic function 1/(1+e^-z), elementwise and stable for any finite z."""
    return _out(_sigmoid(_float_array(z, "z")))


def sigmoid_derivative(z):
    """dσ/dz at the pre-activation z: σ(z)·σ(-z) (= σ(1-σ), computed stably)."""
    z = _float_array(z, "z")
    return _out(_sigmoid(z) * _sigmoid(-z))


def tanh(z):
    """Hyperbolic tangent, elementwise."""
    return _out(_tanh(_float_array(z, "z")))


def tanh_derivative(z):
    """d tanh/dz at z: 1/cosh²(z) (= 1 - tanh², computed stably)."""
    return _out(_sech2(_float_array(z, "z")))


def relu(z):
    """max(z, 0) elementwise."""
    return _out(_apply("relu", _float_array(z, "z")))


def relu_derivative(z):
    """1.0 where z > 0, else 0.0."""
    return _out(_apply_derivative("relu", _float_array(z, "z")))


def leaky_relu(z, alpha=0.01):
    """z where z > 0, else alpha * z."""
    z = _float_array(z, "z")
    alpha = _real(alpha, "alpha")
    return _out(np.where(z > 0.0, z, alpha * z))


def elu(z, alpha=1.0):
    """z where z >= 0, else alpha * (exp(z) - 1) (expm1 of min(z, 0): no overflow)."""
    z = _float_array(z, "z")
    alpha = _real(alpha, "alpha")
    return _out(np.where(z >= 0.0, z, alpha * np.expm1(np.minimum(z, 0.0))))


def softmax(z, axis=-1):
    """exp(z - logsumexp(z)) along ``axis``; sums to 1 along ``axis``."""
    z = _float_array(z, "z")
    ax = _integer(axis, "axis")
    if z.ndim == 0:
        raise ValueError(f"axis {ax} is out of range: z is a scalar (0 dimensions); "
                         "softmax needs at least one axis")
    if not -z.ndim <= ax < z.ndim:
        raise ValueError(f"axis {ax} is out of range for z with {z.ndim} dimension(s)")
    if z.shape[ax] == 0:
        raise ValueError("z is empty along axis; softmax is undefined")
    # logsumexp(z) = top + log(sum(exp(z - top))); exp(z - logsumexp(z)) is evaluated
    # as exp((z - top) - log(sum(...))) so that no rounding of a large top enters
    shifted = z - np.max(z, axis=ax, keepdims=True)
    log_norm = np.log(np.sum(np.exp(shifted), axis=ax, keepdims=True))
    return _out(np.exp(shifted - log_norm))


def neuron_output(x, w, b, activation="sigmoid"):
    """activation(weighted_sum(x, w, b)); activation is one of ACTIVATIONS."""
    activation = _check_activation(activation)
    z = weighted_sum(x, w, b)
    return _out(_apply(activation, z))


def _pair(y_true, y_pred):
    y_true = _float_array(y_true, "y_true")
    y_pred = _float_array(y_pred, "y_pred")
    _same_shape(y_true, y_pred, "y_true", "y_pred")
    if y_true.size == 0:
        raise ValueError("y_true and y_pred are empty; the loss of no samples is undefined")
    return y_true, y_pred


def mse(y_true, y_pred):
    """Mean over all elements of (y_true - y_pred)^2, a Python float."""
    y_true, y_pred = _pair(y_true, y_pred)
    diff = y_true - y_pred
    return float(np.mean(diff * diff))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    """Mean of -(y log p + (1-y) log(1-p)) with p clipped to [eps, 1-eps], a float."""
    y_true, y_pred = _pair(y_true, y_pred)
    eps = _real(eps, "eps", low=0.0, high=0.5, low_open=True, high_open=True)
    p = np.clip(y_pred, eps, 1.0 - eps)
    log_p = np.log(p)
    log_q = np.log1p(-p)            # log(1 - p) of the clipped value
    return float(np.mean(-(y_true * log_p + (1.0 - y_true) * log_q)))


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    """Mean over samples of -sum_k y log p, p clipped to [eps, 1], a float.

    ``y_true``/``y_pred`` are (m, k); a single sample (k,) is accepted as m = 1.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    eps = _real(eps, "eps", low=0.0, high=1.0, low_open=True, high_open=True)
    if y_true.ndim == 0:
        raise ValueError("y_true and y_pred must be (m, k) arrays of class probabilities, got scalars")
    p = np.clip(y_pred, eps, 1.0)
    per_sample = -np.sum(y_true * np.log(p), axis=-1)
    return float(np.mean(per_sample))
