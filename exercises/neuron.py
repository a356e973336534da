"""Exercise 1 -- neuron math: weighted sums, activation functions and losses.

What this exercise practises
----------------------------
The arithmetic of a single artificial neuron and of the functions every later
exercise is built from: the weighted sum ``z = x @ w + b``, the activation
functions (sigmoid, tanh, ReLU, leaky ReLU, ELU, softmax) and their
derivatives, and the three losses of the course (MSE, binary and categorical
cross-entropy).  It also practises writing numerically stable, vectorised,
side-effect-free NumPy code: no Python loops over elements, no overflow
warnings, no NaN, and no changes to the caller's arrays.

Passages of the course notes this exercise follows
--------------------------------------------------
(the notes are in ``notes/`` beside this file; file name, then heading)

* ``003_fb44594f36c7507d.txt`` -- "1.2 Neural Network Structure", the
  "Example:" passage (x = [1, 2, 3], w = [0.5, -1, 0.8], b = 0.2 gives
  z = 1.1 and a sigmoid output of about 0.75), and "1.6 The Core Building
  Block: The Neuron".
* ``000_7462f8ef9b0582c8.txt`` -- "Activation, Cost and Loss Functions":
  "The Sigmoid Function", "The tanh Function", "The Rectified Linear Unit
  (ReLU) Function", "The Softmax Function" (with the softmax table) and
  "Loss Function" (MSE, Binary Cross-Entropy, Categorical Cross-Entropy).
* ``001_629117b4bfcd7762.txt`` -- "1.2 Activation Functions" ("Problems with
  Sigmoid and Tanh activation function": vanishing gradient) and "1.6
  Numerical Stability in Deep Learning" ("Floating Point Precision Issues").
* ``002_25ed6edc0cff832e.txt`` -- "Hyperparameters related to Network
  Structure", "Activation Function" (sigmoid, tanh, ReLU, leaky ReLU
  ``max(0.1x, x)``, ELU) and "Loss Functions".

Conventions (from the exercise API contract)
--------------------------------------------
* Inputs may be Python scalars, lists or NumPy arrays; convert them with
  ``np.asarray(..., dtype=np.float64)``.  Outputs are float64 NumPy arrays
  (a NumPy float64 scalar is fine for a 0-d result); losses return a Python
  ``float``.
* Batch first: a batch ``X`` has shape ``(m, n)``.
* Pure functions: never modify an argument in place.
* Invalid arguments raise ``ValueError`` with a message that names the bad
  argument (e.g. ``"activation must be one of ..., got 'softmax2'"``).
* Numerically stable: no overflow/invalid warnings and no NaN for finite
  inputs with magnitude up to 1e4.  Beware that ``np.where(c, a, b)``
  evaluates *both* ``a`` and ``b`` everywhere, so an ``np.exp`` inside one
  branch can still overflow on the elements of the other branch.

Run the public tests with ``pytest tests/test_neuron.py``.
"""
import numpy as np


def weighted_sum(x, w, b):
    """Compute the net input of one or more neurons, ``z = x @ w + b``.

    This is the "weighted sum of inputs plus bias" of the notes:
    ``z = x1*w1 + x2*w2 + ... + xn*wn + b`` (003, "1.6 The Core Building
    Block: The Neuron"; 000, "Activation Function": z = b + sum_i x_i w_i).

    Parameters
    ----------
    x : array_like, shape (n,) or (m, n)
        One input vector, or a batch of ``m`` input vectors (batch first).
    w : array_like, shape (n,) or (n, k)
        The weights of one neuron, or of ``k`` neurons (one column each).
    b : float or array_like of shape (k,)
        The bias of each neuron.

    Returns
    -------
    z : np.ndarray of float64
        ``x @ w + b``; its shape follows the matmul rules:
        ``(n,) @ (n,) -> ()``, ``(m, n) @ (n,) -> (m,)``,
        ``(n,) @ (n, k) -> (k,)``, ``(m, n) @ (n, k) -> (m, k)``.

    Example (003, "1.2 Neural Network Structure", "Example:")
    ---------------------------------------------------------
    >>> weighted_sum([1.0, 2.0, 3.0], [0.5, -1.0, 0.8], 0.2)   # 0.5 - 2.0 + 2.4 + 0.2
    1.1  (up to rounding)

    Pitfalls
    --------
    * Use the matrix product (``@`` or ``np.dot``), not ``*``: ``*`` is
      elementwise (003, Q&A "Q2. Why do we use .dot() instead of *").
    * Lists of ints must still give a float64 result.
    * If the inner dimensions do not match, NumPy's matmul already raises
      a ``ValueError``; let it propagate.
    """
    raise NotImplementedError("weighted_sum is not implemented yet")


def sigmoid(z):
    """Logistic sigmoid, ``sigma(z) = 1 / (1 + exp(-z))``, elementwise.

    000, "The Sigmoid Function": it squashes any real number into (0, 1),
    which is why it is used for probabilities and binary outputs.

    Parameters
    ----------
    z : float or array_like, any shape
        Pre-activations.

    Returns
    -------
    s : np.ndarray of float64, same shape as ``z``
        Values in [0, 1] (exactly 0 or 1 only through floating-point
        rounding at extreme inputs).

    Examples
    --------
    * ``sigmoid(0) == 0.5``.
    * ``sigmoid(1.1) ~ 0.7503`` -- the neuron example of 003 ("output =
      1 / (1 + e^-1.1) ~ 0.75").
    * ``sigmoid(0.35) ~ 0.5866`` -- out_h1 of the 2-2-2 walk-through in 000
      ("Learning Of A NN: Forward Propagation").
    * ``sigmoid(-1000)`` is 0 to rounding and ``sigmoid(1000)`` is 1, with
      **no** RuntimeWarning.

    Pitfalls
    --------
    * ``1 / (1 + np.exp(-z))`` overflows for ``z`` around -710 and below
      (``np.exp(710)`` is ``inf``) and NumPy emits "overflow encountered in
      exp".  A stable version never exponentiates a large positive number:
      for ``z >= 0`` use ``1 / (1 + exp(-z))``, for ``z < 0`` use
      ``exp(z) / (1 + exp(z))``.  Select the elements of each case with a
      boolean mask (or use ``exp(-|z|)``); do not compute both formulas on
      the whole array and then ``np.where`` between them.
    * Keep the input's shape, including 0-d (scalar) input.
    """
    raise NotImplementedError("sigmoid is not implemented yet")


def sigmoid_derivative(z):
    """Derivative of the sigmoid, evaluated at the pre-activation ``z``.

    ``d sigma / dz = sigma(z) * (1 - sigma(z))``.

    Parameters
    ----------
    z : float or array_like, any shape
        Pre-activations (NOT sigmoid outputs).

    Returns
    -------
    ds : np.ndarray of float64, same shape as ``z``
        Values in [0, 0.25].

    Examples
    --------
    ``sigmoid_derivative(0) == 0.25``; ``sigmoid_derivative(1.1) ~ 0.1874``;
    ``sigmoid_derivative(+-1000)`` is 0 with no warning -- this is the
    "vanishing gradient" of 001 ("Problems with Sigmoid and Tanh activation
    function").

    Pitfalls
    --------
    * The NumPy XOR network of 003 ("1. Simple Neural Network in Python
      using NumPy") defines ``sigmoid_derivative(x) = x * (1 - x)``, which
      expects the sigmoid *output*.  Here the argument is the
      *pre-activation* ``z``: compute ``s = sigmoid(z)`` first.
    * Reuse your stable ``sigmoid``.
    """
    raise NotImplementedError("sigmoid_derivative is not implemented yet")


def tanh(z):
    """Hyperbolic tangent, elementwise.

    ``tanh(z) = (e^z - e^-z) / (e^z + e^-z) = (1 - e^-2z) / (1 + e^-2z)``
    (001, "1.2 Activation Functions"; 000, "The tanh Function").  Outputs lie
    in (-1, 1) and are zero-centred.

    Parameters
    ----------
    z : float or array_like, any shape

    Returns
    -------
    t : np.ndarray of float64, same shape as ``z``

    Examples
    --------
    ``tanh(0) == 0``; ``tanh(1.1) ~ 0.8005``; ``tanh(1000) == 1`` and
    ``tanh(-1000) == -1`` with no warning.

    Pitfalls
    --------
    Evaluating either textbook formula literally overflows for large
    ``|z|`` (``e^1000``); ``np.tanh`` is stable.
    """
    raise NotImplementedError("tanh is not implemented yet")


def tanh_derivative(z):
    """Derivative of tanh at the pre-activation ``z``: ``1 - tanh(z)**2``.

    Parameters
    ----------
    z : float or array_like, any shape
        Pre-activations (not tanh outputs).

    Returns
    -------
    dt : np.ndarray of float64, same shape as ``z``
        Values in [0, 1].

    Examples
    --------
    ``tanh_derivative(0) == 1``; ``tanh_derivative(1.1) ~ 0.3592``;
    ``tanh_derivative(+-1000) == 0`` (the saturation / vanishing gradient of
    001, "Problems with Tanh activation function").
    """
    raise NotImplementedError("tanh_derivative is not implemented yet")


def relu(z):
    """Rectified linear unit, ``max(0, z)``, elementwise.

    000, "The Rectified Linear Unit (ReLU) Function": ``f(z) = 0`` for
    ``z < 0`` and ``z`` for ``z >= 0``; range [0, inf) (001).

    Parameters
    ----------
    z : float or array_like, any shape

    Returns
    -------
    r : np.ndarray of float64, same shape as ``z``

    Example
    -------
    ``relu([-2.0, 0.0, 3.0]) -> [0.0, 0.0, 3.0]``

    Pitfalls
    --------
    Use ``np.maximum`` (elementwise), not Python's ``max`` or ``np.max``
    (which reduce over the array).  Return a new array.
    """
    raise NotImplementedError("relu is not implemented yet")


def relu_derivative(z):
    """Derivative of ReLU at ``z``: ``1.0`` where ``z > 0``, else ``0.0``.

    At ``z == 0`` the derivative is undefined; by convention (and by the
    contract) use ``0.0`` there.

    Parameters
    ----------
    z : float or array_like, any shape

    Returns
    -------
    d : np.ndarray of float64, same shape as ``z``, entries 0.0 or 1.0

    Example
    -------
    ``relu_derivative([-2.0, 0.0, 3.0]) -> [0.0, 0.0, 1.0]``

    Pitfalls
    --------
    ``z > 0`` is a boolean array; convert it to float64.
    """
    raise NotImplementedError("relu_derivative is not implemented yet")


def leaky_relu(z, alpha=0.01):
    """Leaky ReLU: ``z`` where ``z > 0``, else ``alpha * z``.

    002, "Activation Function": Leaky ReLU is written ``max(0.1x, x)``,
    i.e. ``alpha = 0.1``; the default here is ``alpha = 0.01``.  The small
    negative slope keeps a gradient flowing for negative inputs (the
    problem of plain ReLU described in 001, "ReLU (Rectified Linear Unit)
    Activation Function").

    Parameters
    ----------
    z : float or array_like, any shape
    alpha : float, default 0.01
        Slope for ``z <= 0``.

    Returns
    -------
    out : np.ndarray of float64, same shape as ``z``

    Examples
    --------
    ``leaky_relu([-10.0, 0.0, 5.0]) -> [-0.1, 0.0, 5.0]``;
    ``leaky_relu(-10.0, alpha=0.1) -> -1.0`` (the notes' ``max(0.1x, x)``).

    Pitfalls
    --------
    ``max(alpha * z, z)`` equals this definition only when ``alpha <= 1``;
    use ``np.where(z > 0, z, alpha * z)``.
    """
    raise NotImplementedError("leaky_relu is not implemented yet")


def elu(z, alpha=1.0):
    """Exponential linear unit.

    002, "Activation Function": ``ELU(z) = z`` for ``z >= 0`` and
    ``alpha * (exp(z) - 1)`` for ``z < 0``.

    Parameters
    ----------
    z : float or array_like, any shape
    alpha : float, default 1.0

    Returns
    -------
    out : np.ndarray of float64, same shape as ``z``
        Values in ``(-alpha, inf)``.

    Examples
    --------
    ``elu(2.0) == 2.0``; ``elu(-1.0) ~ -0.6321``; ``elu(-1000.0) == -1.0``;
    ``elu(1000.0) == 1000.0`` with **no** overflow warning.

    Pitfalls
    --------
    ``np.where(z >= 0, z, alpha * (np.exp(z) - 1))`` computes ``np.exp(z)``
    for the large positive ``z`` as well, overflows and warns.  Only
    exponentiate non-positive values, e.g. ``np.exp(np.minimum(z, 0))``, or
    use ``np.expm1``, which is also more accurate near 0.
    """
    raise NotImplementedError("elu is not implemented yet")


def softmax(z, axis=-1):
    """Softmax along ``axis``: ``exp(z_i) / sum_j exp(z_j)``.

    000, "The Softmax Function": a generalisation of the sigmoid that maps a
    vector of scores to probabilities in (0, 1) that sum to 1; used in the
    last layer of a multi-class classifier.

    Parameters
    ----------
    z : array_like, shape (k,) or (m, k) or any shape
        Scores (logits).
    axis : int, default -1
        The axis along which the probabilities sum to 1 (the class axis;
        ``-1`` is "per row" for a batch ``(m, k)``).

    Returns
    -------
    p : np.ndarray of float64, same shape as ``z``

    Example (000, the softmax table)
    --------------------------------
    ``softmax([-5, -3, 0, 2, 5])`` rounds to
    ``[0.0000, 0.0003, 0.0064, 0.0471, 0.9462]`` (the table prints the first
    entry, 4.3e-5, as 0).

    Pitfalls
    --------
    * ``np.exp(1000)`` is ``inf`` and ``inf / inf`` is NaN.  Subtract the
      maximum along ``axis`` first (``z - z.max(axis=axis, keepdims=True)``);
      this does not change the result because the factor ``exp(-max)``
      cancels.  ``softmax([1e4, 0])`` must be ``[1, 0]`` with no warning.
    * Use ``keepdims=True`` (or the equivalent) so the sums broadcast back
      along the right axis; the result must sum to 1 along ``axis`` only.
    * Do not subtract in place from the caller's array.
    """
    raise NotImplementedError("softmax is not implemented yet")


def neuron_output(x, w, b, activation="sigmoid"):
    """Output of a neuron (or a layer of neurons): ``f(weighted_sum(x, w, b))``.

    003, "1.6 The Core Building Block: The Neuron": take the inputs,
    multiply by the weights, add the bias, apply an activation function.

    Parameters
    ----------
    x : array_like, shape (n,) or (m, n)
    w : array_like, shape (n,) or (n, k)
    b : float or array_like of shape (k,)
    activation : str, default "sigmoid"
        One of ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``
        (default alpha), ``"elu"`` (default alpha) or ``"linear"``
        (identity).

    Returns
    -------
    a : np.ndarray of float64, shape of ``weighted_sum(x, w, b)``

    Example (003, "Example:")
    -------------------------
    ``neuron_output([1, 2, 3], [0.5, -1, 0.8], 0.2) ~ 0.7503`` (sigmoid);
    with ``activation="relu"`` or ``"linear"`` it is ``1.1``; with
    ``"tanh"`` about ``0.8005``.

    Pitfalls
    --------
    Any other ``activation`` (``"softmax"``, ``"Sigmoid "``, ``None``, ...)
    raises ``ValueError`` whose message names the argument ``activation``
    and lists the allowed names.  Check the name before computing anything.
    """
    raise NotImplementedError("neuron_output is not implemented yet")


def mse(y_true, y_pred):
    """Mean squared error over all elements, as a Python float.

    000, "Loss Function": ``MSE = (1/n) * sum_i (y_i - y_hat_i)^2`` (also
    the "Cost Function J" of 000).  For arrays with several outputs take the
    mean over *all* elements.  (Note that ``mlp.mse_loss`` of exercise 3 is a
    different quantity: it has a factor 1/2 and sums over the outputs.)

    Parameters
    ----------
    y_true : array_like, any shape
    y_pred : array_like, same shape as ``y_true``

    Returns
    -------
    loss : float

    Example
    -------
    ``mse([1.0, 0.0], [0.5, 0.5]) == 0.25``;
    ``mse([[1, 2], [3, 4]], [[1, 2], [3, 6]]) == 1.0``.

    Pitfalls
    --------
    * Shapes must match exactly: ``y_true`` of shape (m,) against ``y_pred``
      of shape (m, 1) would silently broadcast to (m, m) -- raise
      ``ValueError`` naming ``y_true``/``y_pred`` and both shapes instead.
    * Return ``float(...)``, not a NumPy array.
    """
    raise NotImplementedError("mse is not implemented yet")


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    """Binary cross-entropy, mean over all elements, as a Python float.

    000, "Loss Function": ``BCE = -(1/n) * sum_i [y_i log p_i +
    (1 - y_i) log(1 - p_i)]`` with ``p = y_pred``.

    Parameters
    ----------
    y_true : array_like, any shape
        Targets in [0, 1] (usually 0 or 1).
    y_pred : array_like, same shape as ``y_true``
        Predicted probabilities.
    eps : float, default 1e-12
        ``y_pred`` is clipped to ``[eps, 1 - eps]`` before the logs.

    Returns
    -------
    loss : float

    Examples
    --------
    ``binary_cross_entropy([1, 0], [0.9, 0.1]) = -log(0.9) ~ 0.1054``;
    ``binary_cross_entropy([1], [0.0])`` is finite (about 27.63 =
    ``-log(1e-12)``), not ``inf``, and gives no warning.

    Pitfalls
    --------
    * Clip a *copy* (``np.clip`` returns a new array); never clip the
      caller's array in place.
    * Shape mismatch -> ``ValueError`` naming ``y_true``/``y_pred``.
    """
    raise NotImplementedError("binary_cross_entropy is not implemented yet")


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    """Categorical cross-entropy, mean over the samples, as a Python float.

    000, "Loss Function": for one sample ``Loss = -sum_k y_k log p_k``
    (summed over the output classes); over a batch take the mean over the
    ``m`` samples.

    Parameters
    ----------
    y_true : array_like, shape (m, k)
        One-hot targets.
    y_pred : array_like, shape (m, k)
        Predicted class probabilities (e.g. softmax outputs).
    eps : float, default 1e-12
        ``y_pred`` is clipped to ``[eps, 1]`` before the log.

    Returns
    -------
    loss : float

    Examples
    --------
    * ``categorical_cross_entropy([[0, 1, 0]], [[0.2, 0.7, 0.1]]) =
      -log(0.7) ~ 0.3567``.
    * With the softmax table of 000 as prediction and the last class as the
      target: ``-log(0.9462) ~ 0.0553``.
    * A predicted probability of exactly 0 for the true class gives a large
      finite loss (``-log(1e-12) ~ 27.63``), never ``inf``/NaN.

    Pitfalls
    --------
    * Sum over the class axis, then average over samples -- do not average
      over all ``m * k`` elements (that divides by ``k`` too often).
    * Shape mismatch -> ``ValueError`` naming ``y_true``/``y_pred``.
    * Do not modify ``y_pred`` in place when clipping.
    """
    raise NotImplementedError("categorical_cross_entropy is not implemented yet")
