"""Exercise 3 -- the multilayer perceptron: initialisation, forward pass, backpropagation.

What this exercise practises
----------------------------
A fully connected network of any depth written from scratch in NumPy:
weight initialisation (zeros, random, Xavier/Glorot, He), the vectorised
forward pass over a batch, the squared-error loss, backpropagation with the
chain rule, one gradient-descent step, a training loop that learns XOR, and
a numerical (finite-difference) gradient to check your backpropagation.

Passages of the course notes this exercise follows
--------------------------------------------------
(the notes are in ``notes/`` beside this file; file name, then heading)

* ``001_629117b4bfcd7762.txt`` -- "1.4 Multi-Layer Perceptron Learning
  Algorithm" (random weights in [-0.5, +0.5]; "Step 1: Forward Propagation";
  "Step 2: Backward Propagation": ``Error_k = O_k (1 - O_k)(O_desired -
  O_k)``, ``Error_j = O_j (1 - O_j) sum_k Error_k w_jk``,
  ``w_ij = w_ij + alpha * Error_j * O_i``) and its "Multi-Layer Perceptron
  Learning -- Solved Example" (the 4-2-1 network, alpha = 0.8, target 1).
  **Known slip:** the solved example computes I6 with w15 = 0.3 where
  w16 = 0.1 belongs.  The correct values are I6 = 1.0, O6 = 0.731 (not
  1.2 / 0.769) and, after the update, w67 = 0.283 (not 0.287); your code
  must give the correct values.
* ``000_7462f8ef9b0582c8.txt`` -- "Backpropagation -- Step-By-Step Learning
  Of A Neural Network" (the 2-2-2 walk-through: in_h1 = 0.35,
  out_h1 = 0.5866, E_total = 0.3226, dE/dw7 = 0.0745), "Weight
  Initialization Strategies" (the zero/constant and random/Xavier tables)
  and "Process Of Building A Neural Network" (``W_new = W_old - alpha
  dJ/dW``).
* ``003_fb44594f36c7507d.txt`` -- "1. Simple Neural Network in Python using
  NumPy" (a 2-2-1 sigmoid network learning XOR) and the Q&A ("Q3. What is
  the shape of the output": ``(3, 2) @ (2, 1) -> (3, 1)``).
* ``004_9875f74ac10f856f.txt`` -- "Chain Rule of calculus", "Back
  Propagation and other Differentiation Algorithms", "Approximate
  Differentiation Algorithm" (finite differences).

Conventions (from the exercise API contract)
--------------------------------------------
* ``params`` is a dict ``{"W1", "b1", ..., "WL", "bL"}`` for ``L`` dense
  layers; ``W_l`` has shape ``(n_{l-1}, n_l)`` and ``b_l`` shape ``(n_l,)``.
  Row ``i`` of ``W_l`` holds the weights *leaving* unit ``i`` of layer
  ``l - 1``: the notes' ``w_ij`` ("the weight in the link from Node i to
  Node j") is ``W[i, j]``.
* Batch first: ``X`` is ``(m, n_0)``, outputs are ``(m, n_L)``.
* Activations by name, as in ``neuron.neuron_output``: ``"sigmoid"``,
  ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"elu"``, ``"linear"``; any
  other name is a ``ValueError`` naming the argument
  (``hidden_activation`` or ``output_activation``).  All hidden layers
  share ``hidden_activation``; the last layer uses ``output_activation``.
  You may ``import neuron`` and reuse your functions from exercise 1.
* Pure functions: never modify ``X``, ``Y`` or the arrays in ``params``.
* Randomness only through the ``rng`` argument (a
  ``numpy.random.Generator``), exactly as documented below -- never
  ``np.random.seed`` or ``np.random.rand``.

Run the public tests with ``pytest tests/test_mlp.py``.
"""
import numpy as np


def init_weights(n_in, n_out, method, rng):
    """Initial weight matrix of one dense layer.

    000, "Weight Initialization Strategies": zero (or constant)
    initialisation fails -- "No symmetry breaking -> all neurons learn the
    same thing -> no learning"; random initialisation breaks the symmetry;
    Xavier/Glorot scales the range to the layer size
    (``w ~ U(-sqrt(6/(n_in+n_out)), +sqrt(6/(n_in+n_out)))``).
    001, "1.4 Multi-Layer Perceptron Learning Algorithm": "Assign random
    weights ... in the range [-0.5, +0.5]".  001, "1.6 Numerical Stability
    in Deep Learning", lists "Proper weight initialization (e.g., Xavier, He
    initialization)" against exploding and vanishing gradients; He is the
    usual choice for ReLU layers.

    Use exactly these calls (one call, ``size = (n_in, n_out)``), so that the
    same ``rng`` state gives the same weights as the reference:

    ============  ====================================================
    ``method``    weights
    ============  ====================================================
    ``"zeros"``   ``np.zeros((n_in, n_out))`` (``rng`` is not used)
    ``"random"``  ``rng.uniform(-0.5, 0.5, size)``
    ``"xavier"``  ``rng.uniform(-a, a, size)``, ``a = sqrt(6 / (n_in + n_out))``
    ``"he"``      ``rng.normal(0, sqrt(2 / n_in), size)``
    ============  ====================================================

    Parameters
    ----------
    n_in, n_out : int
        Fan-in and fan-out of the layer.
    method : str
        One of the four names above; anything else raises ``ValueError``
        naming ``method``.
    rng : numpy.random.Generator

    Returns
    -------
    W : np.ndarray of float64, shape (n_in, n_out)

    Example
    -------
    ``init_weights(4, 2, "xavier", np.random.default_rng(0))`` equals
    ``np.random.default_rng(0).uniform(-1.0, 1.0, (4, 2))`` (here
    ``a = sqrt(6/6) = 1``).

    Pitfalls
    --------
    * ``rng.normal``'s second argument is the standard deviation, not the
      variance: He uses ``scale = sqrt(2 / n_in)``.
    * The table in 000 gives the random initialisation as ``U(-1, 1)`` or
      ``N(0, 1)``; this exercise uses 001's range [-0.5, 0.5].
    """
    raise NotImplementedError("init_weights is not implemented yet")


def init_params(layer_sizes, method, rng):
    """Initial parameters of a dense network.

    Parameters
    ----------
    layer_sizes : sequence of int, length L + 1
        ``(n_0, n_1, ..., n_L)``: input size, hidden sizes, output size.
    method : str
        Passed to ``init_weights``.
    rng : numpy.random.Generator

    Returns
    -------
    params : dict
        ``{"W1": (n_0, n_1), "b1": (n_1,), ..., "WL": (n_{L-1}, n_L),
        "bL": (n_L,)}``; weights from ``init_weights`` called in layer order
        (W1 first, then W2, ...), biases all zeros (float64).

    Example
    -------
    ``init_params((4, 2, 1), "random", rng)`` -> ``W1 (4, 2)``, ``b1 (2,)``,
    ``W2 (2, 1)``, ``b2 (1,)`` -- the shape of the 4-2-1 network of 001.

    Pitfalls
    --------
    Call ``init_weights`` once per layer, in order, and draw nothing else
    from ``rng`` (biases are zeros); otherwise your weights differ from the
    reference for the same seed.
    """
    raise NotImplementedError("init_params is not implemented yet")


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    """Forward pass of a dense network over a batch.

    For ``l = 1 .. L``::

        Z_l = A_{l-1} @ W_l + b_l        # (m, n_l); A_0 = X
        A_l = f_l(Z_l)                   # f_l = hidden_activation, or
                                         # output_activation for l = L

    This is 001's "Step 1: Forward Propagation" (``I_j = sum_i O_i w_ij +
    theta_j``, ``O_j = 1 / (1 + e^-I_j)``) written for a whole batch.

    Parameters
    ----------
    X : array_like, shape (m, n_0)
    params : dict
        As returned by ``init_params`` (any number of layers ``L >= 1``).
    hidden_activation, output_activation : str, default "sigmoid"

    Returns
    -------
    A : np.ndarray of float64, shape (m, n_L)
        The network's output.
    cache : dict, list or tuple of arrays
        Whatever ``backward`` needs -- typically every ``Z_l`` and ``A_l``
        (including ``A_0 = X``).

    Examples
    --------
    * 2-2-2 walk-through (000, "Learning Of A NN: Forward Propagation"), the
      hidden layer only (the output weights were in a picture that is lost):
      ``i1 = 0.1``, ``i2 = 0.05``, ``w1 = 0.25``, ``w2 = 0.2``,
      ``w3 = 0.5``, ``w4 = 0.15``, ``b1 = 0.3`` for both hidden units, so
      ``X = [[0.1, 0.05]]``, ``W1 = [[0.25, 0.2], [0.5, 0.15]]``,
      ``b1 = [0.3, 0.3]``: ``Z1 = [[0.35, 0.3275]]`` and
      ``A1 = [[0.5866, 0.5812]]`` (in_h1, in_h2, out_h1, out_h2).
    * 4-2-1 solved example of 001 (x = [1, 1, 0, 1]; the table's weights as
      ``W1 = [[0.3, 0.1], [-0.2, 0.4], [0.2, -0.3], [0.1, 0.4]]``,
      ``b1 = [0.2, 0.1]``, ``W2 = [[-0.3], [0.2]]``, ``b2 = [-0.3]``):
      ``I5 = 0.4``, ``O5 = 0.599``; ``I6 = 1.0``, ``O6 = 0.731`` (the notes'
      1.2 / 0.769 is the slip); ``I7 = -0.333``, ``O7 = 0.417``.

    Pitfalls
    --------
    * ``X @ W`` with ``X`` ``(m, n_in)`` and ``W`` ``(n_in, n_out)``; the
      bias ``(n_out,)`` broadcasts over the batch.  Do not transpose.
    * Work out ``L`` from ``params`` (e.g. ``len(params) // 2``), do not
      assume two layers.
    * Check both activation names (``ValueError`` naming the argument).
    """
    raise NotImplementedError("forward is not implemented yet")


def mse_loss(Y, A):
    """Squared-error loss of the notes' backpropagation examples.

    ``mse_loss = (1/m) * sum over samples and outputs of 0.5 * (Y - A)**2``.

    For one sample (``m = 1``) this is the notes' ``E_total = sum_o
    1/2 (target_o - out_o)^2`` (000, "Learning Of A NN: Calculating The
    Error").  The factor 1/2 makes its derivative simply ``A - Y``.  (This is
    not ``neuron.mse``: that one has no 1/2 and averages over all elements.)

    Parameters
    ----------
    Y : array_like, shape (m, n_L)
        Targets.
    A : array_like, shape (m, n_L)
        Network outputs.

    Returns
    -------
    loss : float

    Example (000, the 2-2-2 walk-through)
    -------------------------------------
    ``out_o1 = 0.7927``, ``out_o2 = 0.7603`` give ``E_o1 = 0.2985`` and
    ``E_o2 = 0.0241``.  The targets were in a lost picture; the values
    ``target_o1 = 0.02``, ``target_o2 = 0.98`` reproduce both errors, so
    ``mse_loss([[0.02, 0.98]], [[0.7927, 0.7603]]) ~ 0.3227`` (the notes
    print E_total = 0.3226, the sum of the two rounded errors).

    Pitfalls
    --------
    Divide by the number of samples ``m``, not by the number of elements.
    """
    raise NotImplementedError("mse_loss is not implemented yet")


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    """Backpropagation: gradients of ``mse_loss(Y, A)`` w.r.t. every parameter.

    With ``A_L`` the output and ``f'`` the activation derivative *at Z*::

        dA_L = (A_L - Y) / m
        for l = L, ..., 1:
            dZ_l     = dA_l * f_l'(Z_l)                 # (m, n_l)
            dW_l     = A_{l-1}.T @ dZ_l                  # (n_{l-1}, n_l)
            db_l     = dZ_l.sum(axis=0)                  # (n_l,)
            dA_{l-1} = dZ_l @ W_l.T                      # (m, n_{l-1})

    This is the chain rule of 004 ("Chain Rule of calculus",
    "Recursively Applying the chain Rule") and 001's "Step 2: Backward
    Propagation" in matrix form.  Careful with the sign: the notes' error
    terms point *downhill*: for ``m = 1`` and sigmoid units,
    ``Error_k = O_k (1 - O_k)(O_desired - O_k) = -dZ`` and the notes'
    update ``w_ij + alpha * Error_j * O_i`` is ``W - alpha * dW``.

    Parameters
    ----------
    X : array_like, shape (m, n_0)
    Y : array_like, shape (m, n_L)
    params : dict
    cache : whatever your ``forward`` returned for this ``X`` and ``params``
    hidden_activation, output_activation : str, default "sigmoid"
        Must be the names used in the forward pass.

    Returns
    -------
    grads : dict
        ``{"dW1", "db1", ..., "dWL", "dbL"}``, each with the shape of the
        matching parameter.

    Examples
    --------
    * 2-2-2 walk-through (000, "Learning Of A NN: Backpropagation"): the
      chain ``dE/dout_o1 * dout_o1/din_o1 * din_o1/dw`` for a
      hidden-to-output weight; the notes' 0.0745 equals
      ``(0.7927 - 0.02) * 0.7927 * (1 - 0.7927) * 0.5866``, i.e. it is the
      weight from h1 to o1 (``out_h1 = 0.5866``), although the notes'
      formula for in_o1 attaches w7 to h2 (with ``out_h2 = 0.5812`` the
      product would be 0.0738).
    * 4-2-1 solved example (001), corrected: ``Error_7 = 0.1417``,
      ``Error_6 = 0.0056``, ``Error_5 = -0.0102``, hence ``db2 = [-0.1417]``,
      ``dW2 = [[-0.0848], [-0.1036]]``, ``db1 = [0.0102, -0.0056]``, and
      ``dW1`` has rows ``[0.0102, -0.0056]`` for the inputs equal to 1 and
      zeros for ``x3 = 0``.

    Pitfalls
    --------
    * Use the derivative at ``Z`` (``neuron.sigmoid_derivative(Z)``), or
      ``A * (1 - A)`` for sigmoid -- not ``sigmoid_derivative(A)``.
    * Propagate ``dA_{l-1}`` with the *old* ``W_l``; do not update weights
      while backpropagating.
    * Check your result with ``numerical_gradient`` on a tiny network.
    """
    raise NotImplementedError("backward is not implemented yet")


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    """One full-batch gradient-descent step; returns a *new* params dict.

    ``W_l <- W_l - lr * dW_l`` and ``b_l <- b_l - lr * db_l`` for every
    layer (000, "Process Of Building A Neural Network":
    ``W_new = W_old - alpha dJ/dW``), with the gradients of ``backward``.

    Parameters
    ----------
    X : array_like, shape (m, n_0)
    Y : array_like, shape (m, n_L)
    params : dict
    lr : float
    hidden_activation, output_activation : str, default "sigmoid"

    Returns
    -------
    new_params : dict
        Same keys and shapes as ``params``; ``params`` itself and its arrays
        are left untouched.

    Example (001, "Multi-Layer Perceptron Learning -- Solved Example")
    ------------------------------------------------------------------
    ``layer_sizes = (4, 2, 1)``, ``X = [[1, 1, 0, 1]]``, ``Y = [[1]]``,
    ``lr = 0.8``, the table's weights (see ``forward``).  After one step::

        W1 ~ [[0.292, 0.104], [-0.208, 0.404], [0.2, -0.3], [0.092, 0.404]]
        b1 ~ [0.192, 0.104]
        W2 ~ [[-0.232], [0.283]]        # the notes' 0.287 is the slip
        b2 ~ [-0.187]

    and the output rises from 0.417 to about 0.471.

    Pitfalls
    --------
    * ``params["W1"] -= lr * dW1`` modifies the caller's arrays in place:
      build new arrays (``W - lr * dW``) in a new dict.
    * Compute all gradients first, then update.
    """
    raise NotImplementedError("train_step is not implemented yet")


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier", hidden_activation="sigmoid",
          output_activation="sigmoid"):
    """Initialise a network and train it with full-batch gradient descent.

    ``params = init_params(layer_sizes, method, rng)``, then ``epochs``
    times: record ``mse_loss(Y, forward(X, params)[0])`` and do one
    ``train_step``.

    Parameters
    ----------
    X : array_like, shape (m, n_0)
    Y : array_like, shape (m, n_L)
    layer_sizes : sequence of int
        ``layer_sizes[0]`` must equal ``n_0`` and ``layer_sizes[-1]``
        ``n_L``.
    lr : float
    epochs : int
        Number of gradient steps (``>= 0``).
    rng : numpy.random.Generator
        Used only by ``init_params``.
    method : str, default "xavier"
    hidden_activation, output_activation : str, default "sigmoid"

    Returns
    -------
    params : dict
        The trained parameters.
    losses : list of float, length ``epochs``
        ``losses[i]`` is the loss *before* step ``i`` (so ``losses[0]`` is
        the loss of the initial weights).

    Example (003, "1. Simple Neural Network in Python using NumPy")
    ---------------------------------------------------------------
    The handout trains a 2-2-1 sigmoid network on XOR for 10,000 epochs.
    A slightly wider network trains faster: ``train(X_xor, y_xor, (2, 4, 1),
    lr=2.0, epochs=3000, rng=np.random.default_rng(0))`` ends with outputs
    close to ``[0, 1, 1, 0]``.  (The handout's update adds the *summed*
    gradient with no learning rate, which is ``lr = m = 4`` with the mean
    used here.)

    Pitfalls
    --------
    Record the loss before the step, not after; return exactly ``epochs``
    losses.
    """
    raise NotImplementedError("train is not implemented yet")


def numerical_gradient(f, x, h=1e-5):
    """Gradient of a scalar function by central finite differences.

    004, "Approximate Differentiation Algorithm": "finite Difference".  For
    every element ``i`` of ``x`` (any shape)::

        grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)

    where ``e_i`` is 1 at position ``i`` and 0 elsewhere.  Use it to check
    ``backward`` ("gradient checking").

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for an array of ``x``'s shape.
    x : np.ndarray of float, any shape
    h : float, default 1e-5

    Returns
    -------
    grad : np.ndarray of float64, same shape as ``x``

    Example
    -------
    ``numerical_gradient(lambda v: float(np.sum(v ** 2)), np.array([1., -2., 3.]))``
    is about ``[2, -4, 6]``.

    Pitfalls
    --------
    * ``x`` must be unchanged afterwards.  Work on a float copy
      (``np.array(x, dtype=float)``), and after perturbing element ``i``
      restore it before moving on.
    * Perturb one element at a time; iterate over all indices of a
      multi-dimensional array with ``np.ndindex(x.shape)``.
    """
    raise NotImplementedError("numerical_gradient is not implemented yet")
