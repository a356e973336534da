"""Exercise 4 -- gradient descent and its variants.

What this exercise practises
----------------------------
The update rules that turn gradients into better weights: plain (stochastic)
gradient descent, momentum, Adagrad, RMSProp and Adam, each written as a
*pure* function that returns the new weights and the new optimizer state;
splitting a data set into shuffled mini-batches; counting iterations per
epoch; and a batch gradient-descent loop that records its path.

Passages of the course notes this exercise follows
--------------------------------------------------
(the notes are in ``notes/`` beside this file; file name, then heading)

* ``001_629117b4bfcd7762.txt`` -- "Optimizers" ("Different types of
  Optimizers used frequently": Gradient Descent, Stochastic Gradient
  Descent, Mini-Batch Gradient Descent, SGD with Momentum, Adagrad,
  RMS-Prop, Adam -- "RMS prop and momentum together"); "Optimizers -
  Gradient Descent" (``Theta_{n+1} = Theta_n - alpha dJ/dTheta_n``);
  "Optimizers - Stochastic Gradient Descent"; "Optimizers - Mini Batch
  Gradient Descent" ("We shuffle the data, and choose a mini batch of K
  items").
* ``000_7462f8ef9b0582c8.txt`` -- "Process Of Building A Neural Network"
  (``W_new = W_old - alpha dJ/dW``), the 2-2-2 walk-through's update of w7
  (alpha = 0.5 gives 0.5628), and "Understanding Epochs, Batch Size and
  Learning Rate" (10,000 images, batch size 1000, 50 epochs,
  learning rate 0.01).
* ``002_25ed6edc0cff832e.txt`` -- "Epochs", "Batch Size" ("Batch size and
  number of batches are two different things"), "Learning Rate",
  "Hyperparameters related to Training Algorithm" (batch size default 32).
* ``004_9875f74ac10f856f.txt`` -- "Gradient - Based Learning"
  (``theta_new = theta_old - eta * grad L``; batch, stochastic, mini-batch;
  advanced optimizers: momentum, Adam).

The notes name momentum, Adagrad, RMSProp and Adam but do not print their
formulas; the formulas below are the contract's (the usual ones, as in
CS231n).

Conventions (from the exercise API contract)
--------------------------------------------
* Every update is a pure function returning *new* arrays: never write
  ``w -= ...`` or ``cache += ...`` on an argument.
* State arrays (``velocity``, ``cache``, ``m``, ``v``) start as zeros of
  ``w``'s shape; ``t`` counts Adam steps from 1.
* ``w`` and ``dw`` may be scalars or arrays of any (equal) shape; return
  float64 arrays of that shape.
* Randomness only through the ``rng`` argument.
* Invalid arguments raise ``ValueError`` naming the argument.

Run the public tests with ``pytest tests/test_optimizers.py``.
"""
import numpy as np


def sgd_update(w, dw, lr):
    """Vanilla gradient-descent step: ``w - lr * dw``.

    Parameters
    ----------
    w : float or array_like, any shape
        Current weights.
    dw : float or array_like, same shape as ``w``
        Gradient of the loss w.r.t. ``w``.
    lr : float
        Learning rate (alpha, eta).

    Returns
    -------
    w_new : np.ndarray of float64, same shape as ``w``

    Example (000, "Learning Of A NN: Backpropagation")
    --------------------------------------------------
    The 2-2-2 walk-through has ``dE/dw7 = 0.0745`` and alpha = 0.5 and
    prints ``w7_new = 0.5628``, so w7 started at 0.6:
    ``sgd_update(0.6, 0.0745, 0.5) = 0.56275``.

    Pitfalls
    --------
    Return a new array; ``w`` must be unchanged.
    """
    raise NotImplementedError("sgd_update is not implemented yet")


def momentum_update(w, dw, velocity, lr, beta=0.9):
    """SGD with momentum.

    ::

        v = beta * velocity - lr * dw
        w = w + v

    The velocity is a running, decaying sum of past steps: the update keeps
    moving in a consistent direction and damps oscillations (001,
    "Optimizers": "SGD with Momentum").

    Parameters
    ----------
    w : array_like, any shape
    dw : array_like, same shape as ``w``
    velocity : array_like, same shape as ``w``
        Previous velocity; zeros before the first step.
    lr : float
    beta : float, default 0.9
        Momentum coefficient.

    Returns
    -------
    w_new : np.ndarray of float64, same shape as ``w``
    v_new : np.ndarray of float64, same shape as ``w``

    Example (by hand)
    -----------------
    ``w = 1.0, dw = 1.0, velocity = 0.0, lr = 0.1``: ``v = -0.1``,
    ``w = 0.9``.  A second step with ``dw = 1.0`` and that velocity:
    ``v = 0.9 * (-0.1) - 0.1 = -0.19``, ``w = 0.71``.

    Pitfalls
    --------
    Do not update ``velocity`` in place; return the new one.
    """
    raise NotImplementedError("momentum_update is not implemented yet")


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    """Adagrad: a per-weight learning rate that shrinks with the gradients seen.

    ::

        cache = cache + dw**2
        w     = w - lr * dw / (sqrt(cache) + eps)

    Parameters
    ----------
    w : array_like, any shape
    dw : array_like, same shape as ``w``
    cache : array_like, same shape as ``w``
        Sum of past squared gradients; zeros before the first step.
    lr : float
    eps : float, default 1e-8
        Added to the *square root* (outside it) to avoid division by zero.

    Returns
    -------
    w_new : np.ndarray of float64, same shape as ``w``
    cache_new : np.ndarray of float64, same shape as ``w``

    Example (by hand)
    -----------------
    ``w = 1.0, dw = 2.0, cache = 0.0, lr = 0.1``: ``cache = 4``,
    ``w = 1 - 0.1 * 2 / 2 = 0.9``.  Again with ``dw = 2.0``: ``cache = 8``,
    ``w = 0.9 - 0.2 / sqrt(8) ~ 0.8293``.

    Pitfalls
    --------
    ``eps`` goes outside the square root: ``np.sqrt(cache) + eps``.
    A zero gradient with a zero cache must give no warning and no NaN.
    """
    raise NotImplementedError("adagrad_update is not implemented yet")


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    """RMSProp: Adagrad with a decaying average instead of a sum.

    ::

        cache = rho * cache + (1 - rho) * dw**2
        w     = w - lr * dw / (sqrt(cache) + eps)

    Parameters
    ----------
    w : array_like, any shape
    dw : array_like, same shape as ``w``
    cache : array_like, same shape as ``w``
        Running average of squared gradients; zeros before the first step.
    lr : float
    rho : float, default 0.9
        Decay rate of the average.
    eps : float, default 1e-8

    Returns
    -------
    w_new : np.ndarray of float64, same shape as ``w``
    cache_new : np.ndarray of float64, same shape as ``w``

    Example (by hand)
    -----------------
    ``w = 1.0, dw = 2.0, cache = 0.0, lr = 0.1``: ``cache = 0.1 * 4 = 0.4``,
    ``w = 1 - 0.1 * 2 / sqrt(0.4) ~ 0.6838``.

    Pitfalls
    --------
    Same as Adagrad: ``eps`` outside the root, no in-place updates.
    """
    raise NotImplementedError("rmsprop_update is not implemented yet")


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam: momentum (first moment) plus RMSProp (second moment), bias-corrected.

    001, "Optimizers": "Adam (Adaptive Moment Estimation -- RMS prop and
    momentum together)".  ::

        m     = beta1 * m + (1 - beta1) * dw
        v     = beta2 * v + (1 - beta2) * dw**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        w     = w - lr * m_hat / (sqrt(v_hat) + eps)

    Parameters
    ----------
    w : array_like, any shape
    dw : array_like, same shape as ``w``
    m, v : array_like, same shape as ``w``
        First and second moment estimates; zeros before the first step.
    t : int
        Step number, counting from 1 (the first call uses ``t = 1``).
        ``t < 1`` raises ``ValueError`` naming ``t``.
    lr : float, default 0.001
    beta1 : float, default 0.9
    beta2 : float, default 0.999
    eps : float, default 1e-8

    Returns
    -------
    w_new, m_new, v_new : np.ndarray of float64, each of ``w``'s shape
        ``m_new``/``v_new`` are the *uncorrected* moments (the hats are only
        used for the step).

    Example (by hand)
    -----------------
    At ``t = 1`` the bias correction makes ``m_hat = dw`` and
    ``v_hat = dw**2``, so the first step moves every weight by about ``lr``
    against the sign of its gradient: ``w = 1.0, dw = 2.0, m = v = 0,
    t = 1, lr = 0.1`` gives ``w ~ 0.9``, ``m = 0.2``, ``v = 0.004``.

    Pitfalls
    --------
    * Return the raw ``m`` and ``v``, not ``m_hat``/``v_hat``.
    * With ``t = 0`` the correction divides by zero: check ``t`` first.
    """
    raise NotImplementedError("adam_update is not implemented yet")


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    """Iterate over mini-batches ``(X_batch, y_batch)`` of a data set.

    001, "Optimizers - Mini Batch Gradient Descent": "We shuffle the data,
    and choose a mini batch of K items".  Order of the samples: when
    ``shuffle`` is true, ``idx = rng.permutation(m)`` (exactly this one
    call); otherwise ``0, 1, ..., m - 1``.  Then yield consecutive slices of
    ``batch_size`` indices; the last batch is shorter when ``m`` is not a
    multiple of ``batch_size``.  Every sample appears exactly once per call.

    Parameters
    ----------
    X : array_like, shape (m, ...)
        Samples along the first axis.
    y : array_like, shape (m, ...)
        Targets, same first dimension as ``X``.
    batch_size : int
        ``batch_size < 1`` raises ``ValueError`` naming ``batch_size``.
    shuffle : bool, default True
    rng : numpy.random.Generator or None, default None
        Required when ``shuffle`` is true (``ValueError`` naming ``rng``
        otherwise).

    Returns
    -------
    iterator of (X_batch, y_batch)
        ``X_batch`` has shape ``(b, ...)`` and ``y_batch`` ``(b, ...)``
        with ``b = batch_size`` except possibly for the last batch;
        ``ceil(m / batch_size)`` batches in all.

    Example
    -------
    ``X = np.arange(20).reshape(10, 2)``, ``batch_size = 4``,
    ``shuffle=False``: batches of 4, 4 and 2 samples, rows 0-3, 4-7, 8-9.

    Pitfalls
    --------
    * Shuffle ``X`` and ``y`` with the *same* permutation (index both with
      ``idx``), so pairs stay together.
    * Do not shuffle the caller's arrays in place (no ``rng.shuffle(X)``).
    * A generator function (one with ``yield``) runs its checks only when
      iteration starts.  Either is accepted, but raising the ``ValueError``
      at call time is friendlier: validate in a normal function and return
      a generator from an inner function.
    """
    raise NotImplementedError("minibatches is not implemented yet")


def iterations_per_epoch(n_samples, batch_size):
    """Number of mini-batch iterations in one epoch: ``ceil(n_samples / batch_size)``.

    000, "Understanding Epochs, Batch Size and Learning Rate": "a dataset of
    10,000 images ... Batch size: 1000" -- so one epoch is
    ``10,000 / 1000 = 10`` iterations, and the 50 epochs of the example are
    500 weight updates.  002, "Batch Size": batch size and number of batches
    are two different things.

    Parameters
    ----------
    n_samples : int
    batch_size : int

    Returns
    -------
    n : int

    Examples
    --------
    ``iterations_per_epoch(10000, 1000) == 10``;
    ``iterations_per_epoch(10001, 1000) == 11`` (the last batch holds one
    sample).

    Pitfalls
    --------
    Floating-point ``math.ceil(a / b)`` is fine for course-sized numbers;
    ``-(-a // b)`` is exact for any integers.  Return an ``int``.
    """
    raise NotImplementedError("iterations_per_epoch is not implemented yet")


def gradient_descent(grad_fn, w0, lr, n_steps):
    """Batch gradient descent: ``w_{k+1} = w_k - lr * grad_fn(w_k)``.

    001, "Optimizers - Gradient Descent": ``Theta_{n+1} = Theta_n - alpha
    dJ/dTheta_n``; 004, "Gradient - Based Learning": "the parameters are
    adjusted in the opposite direction of the gradient".

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(w) -> gradient`` of ``w``'s shape.
    w0 : float or array_like, any shape
        Starting point (not modified).
    lr : float
    n_steps : int
        Number of updates (``>= 0``).

    Returns
    -------
    w : np.ndarray of float64, shape of ``w0``
        The last iterate.
    path : np.ndarray of float64, shape ``(n_steps + 1,) + w0.shape``
        All iterates, ``w0`` first and ``w`` last.

    Example (by hand)
    -----------------
    ``J(w) = w**2`` has gradient ``2w``; from ``w0 = 1.0`` with
    ``lr = 0.25`` each step halves ``w``:
    ``gradient_descent(lambda w: 2 * w, 1.0, 0.25, 3)`` gives
    ``w = 0.125`` and ``path = [1.0, 0.5, 0.25, 0.125]``.

    Pitfalls
    --------
    Store a copy of every iterate (appending the same array object that you
    then update in place fills the path with identical rows).
    """
    raise NotImplementedError("gradient_descent is not implemented yet")
