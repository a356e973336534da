"""Exercise 6 -- a simple deep neural network with Keras (TensorFlow backend).

What this exercise practises
----------------------------
The Keras pipeline of the notes -- define, compile, fit, evaluate, predict --
on a small dense network: building a ``keras.Sequential`` model from a few
hyperparameters (hidden layer sizes, activation, dropout rate, number of
classes, learning rate), training it reproducibly with a validation split
and early stopping, and using both to classify scikit-learn's 8x8
handwritten digits.

Passages of the course notes this exercise follows
--------------------------------------------------
(the notes are in ``notes/`` beside this file; file name, then heading)

* ``000_7462f8ef9b0582c8.txt`` -- "Creating a simple DNN using Keras"
  (``make_classification``; ``Dense(4, activation='relu')`` hidden layer;
  ``Dense(1, activation='sigmoid')`` output; ``optimizer='adam'``,
  ``loss='binary_crossentropy'``, ``metrics=['accuracy']``) and "Monitoring
  Training and Validation Loss".
* ``002_25ed6edc0cff832e.txt`` -- "Keras Pipeline" (Define Network, Compile
  Network, Fit Network, Evaluate Network, Make Predictions), "Dropout"
  (20%-50%), "Batch size" (32 is a good default), "Loss Functions"
  (binary cross-entropy; multi-class and sparse multi-class cross-entropy).
* ``001_629117b4bfcd7762.txt`` -- "Early Stopping" (patience) and
  "Dropout".
* ``003_fb44594f36c7507d.txt`` -- "Q1: What is input_dim?" and "Task :
  Image Classification Using Neural Networks" (digits 0-9).

Set-up: quiet, CPU only, fast import
------------------------------------
* Do **not** import tensorflow or keras at the top of this module: import
  them inside the functions (``import keras``), so that importing this file
  (and running the other exercises' tests) stays fast.
* Before the first import of tensorflow/keras, silence TensorFlow and hide
  any GPU, e.g.::

      import os
      os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")   # no INFO/WARNING logs
      os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")    # CPU only
      import keras

  (``TF_ENABLE_ONEDNN_OPTS=0`` also removes the oneDNN start-up notice.)
* The notes' ``Dense(4, ..., input_shape=(4,))`` style is deprecated in
  Keras 3; start the model with ``keras.Input((input_dim,))`` instead.

Run the public tests with ``pytest tests/test_keras_dnn.py``
(they are skipped when tensorflow is not installed).
"""


def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0, n_classes=2,
                learning_rate=0.001):
    """Build and compile a dense classifier (``keras.Sequential``).

    Layers, in order:

    1. ``keras.Input((input_dim,))``
    2. for each ``units`` in ``hidden_units``:
       ``keras.layers.Dense(units, activation=activation)``, followed by
       ``keras.layers.Dropout(dropout)`` when ``dropout > 0``
    3. output: ``Dense(1, activation="sigmoid")`` when ``n_classes == 2``,
       else ``Dense(n_classes, activation="softmax")``

    Compile with ``optimizer=keras.optimizers.Adam(learning_rate)``,
    ``loss="binary_crossentropy"`` (two classes, labels 0/1) or
    ``"sparse_categorical_crossentropy"`` (``n_classes > 2``, integer labels
    0..n_classes-1, no one-hot encoding needed), and
    ``metrics=["accuracy"]``.

    Parameters
    ----------
    input_dim : int
        Number of input features per sample (003, "Q1: What is input_dim?").
    hidden_units : tuple of int, default (16,)
        Sizes of the hidden layers; ``()`` gives logistic/softmax regression.
    activation : str, default "relu"
        Activation of the hidden layers (any Keras activation name).
    dropout : float, default 0.0
        Dropout rate after each hidden layer (0 means no Dropout layers).
    n_classes : int, default 2
    learning_rate : float, default 0.001

    Returns
    -------
    model : keras.Sequential
        Compiled; its output has shape ``(None, 1)`` for two classes and
        ``(None, n_classes)`` otherwise.

    Examples
    --------
    * ``build_model(4).count_params() == 97``: ``4*16 + 16 = 80`` for the
      hidden layer plus ``16*1 + 1 = 17`` for the output.
    * The notes' model (000, "Creating a simple DNN using Keras") is
      ``build_model(4, hidden_units=(4,))`` -- 25 parameters.

    Pitfalls
    --------
    * Two classes use **one** sigmoid unit, not two softmax units.
    * Pass the learning rate through ``Adam(learning_rate)``; the string
      ``"adam"`` would ignore it.
    * Import keras inside the function (see the module docstring).
    """
    raise NotImplementedError("build_model is not implemented yet")


def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    """Fit ``model`` reproducibly with early stopping; return the ``History``.

    Steps:

    1. ``keras.utils.set_random_seed(seed)`` (seeds Python, NumPy and
       TensorFlow, so shuffling and dropout are reproducible);
    2. ``model.fit(X, y, epochs=epochs, batch_size=batch_size,
       validation_split=validation_split, verbose=0, callbacks=[
       keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
       restore_best_weights=True)])``;
    3. return the ``History`` object that ``fit`` returns.

    Parameters
    ----------
    model : compiled keras model (e.g. from ``build_model``)
    X : np.ndarray, shape (m, input_dim)
    y : np.ndarray, shape (m,)
        0/1 labels for two classes, integer class labels otherwise.
    epochs : int, default 50
        Upper limit; early stopping usually ends sooner.
    batch_size : int, default 32
    validation_split : float, default 0.2
        Fraction of the data held out for ``val_loss``.
    patience : int, default 5
        Epochs without improvement of ``val_loss`` before stopping (001,
        "Early Stopping"; compare ``dropout.early_stopping``).
    seed : int, default 0

    Returns
    -------
    history : keras.callbacks.History
        ``history.history["loss"]`` and ``["val_loss"]`` hold one value per
        epoch actually run (000, "Monitoring Training and Validation Loss").

    Pitfalls
    --------
    * Keras takes the validation split from the **end** of the arrays,
      before any shuffling: if your data are sorted by class, shuffle them
      first (``train_test_split`` already does).
    * ``verbose=0``: the grader captures output, progress bars only slow
      it down.
    * The model is trained in place (that is how Keras works); return the
      history, not a copy of the model.
    """
    raise NotImplementedError("train_model is not implemented yet")


def train_digits_classifier(seed=0):
    """Train a digit classifier on scikit-learn's bundled 8x8 digits.

    Steps:

    1. ``X, y = sklearn.datasets.load_digits(return_X_y=True)`` -- 1797
       images of 8x8 = 64 pixels with values 0..16, labels 0..9 (bundled
       with scikit-learn, no download);
    2. scale the pixels to [0, 1] (divide by 16.0);
    3. ``train_test_split(X, y, test_size=0.2, stratify=y,
       random_state=seed)`` (80/20, stratified);
    4. ``build_model(64, ..., n_classes=10)`` and ``train_model`` on the
       training part (choose the hidden sizes, epochs and patience
       yourself);
    5. evaluate on the test part.

    Parameters
    ----------
    seed : int, default 0
        Used for the split and for ``train_model``.

    Returns
    -------
    model : keras model
        The trained model (the hidden tests evaluate it on data of their
        own: it must take ``(m, 64)`` inputs scaled to [0, 1] and output
        ``(m, 10)`` class probabilities).
    test_accuracy : float
        Accuracy on the 20 % test split, as a Python ``float``.

    A correct solution reaches at least 0.95 test accuracy.  For example,
    one hidden layer of 64 ReLU units, up to 200 epochs and patience 10
    reach about 0.97 in well under a minute on a CPU.

    Pitfalls
    --------
    * Forgetting to scale the pixels slows training down a lot.
    * ``model.evaluate`` returns ``[loss, accuracy]``; return
      ``float(accuracy)``.
    * Import scikit-learn and keras inside the function.
    """
    raise NotImplementedError("train_digits_classifier is not implemented yet")
