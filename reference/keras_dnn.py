"""Reference: a simple DNN with Keras (TensorFlow backend), as in notes 000 and 002.

TensorFlow is imported inside the functions (importing this module is cheap),
with ``TF_CPP_MIN_LOG_LEVEL=3`` and ``CUDA_VISIBLE_DEVICES=""`` set first
unless the caller already chose otherwise.
"""

from __future__ import annotations

import os

import numpy as np

from .neuron import _integer, _real

__all__ = ["build_model", "train_model", "train_digits_classifier"]


def _keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    import tensorflow as tf  # noqa: F401  (the backend)
    import keras

    return keras


def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0, n_classes=2,
                learning_rate=0.001):
    """A compiled ``keras.Sequential``: Dense hidden layers (+ Dropout), sigmoid/softmax output.

    ``build_model(4)`` has 4*16 + 16 + 16*1 + 1 = 97 parameters.
    """
    input_dim = _integer(input_dim, "input_dim", low=1)
    try:
        units = [_integer(u, "hidden_units", low=1) for u in hidden_units]
    except TypeError:
        raise ValueError(f"hidden_units must be a sequence of layer widths, got {hidden_units!r}") from None
    if not isinstance(activation, str) or not activation:
        raise ValueError(f"activation must be the name of a Keras activation, got {activation!r}")
    dropout = _real(dropout, "dropout", low=0.0, high=1.0, high_open=True)
    n_classes = _integer(n_classes, "n_classes", low=2)
    learning_rate = _real(learning_rate, "learning_rate", low=0.0, low_open=True)

    keras = _keras()
    try:
        keras.activations.get(activation)
    except (ValueError, TypeError):
        raise ValueError(f"activation {activation!r} is not a Keras activation") from None

    layers = [keras.Input((input_dim,))]
    for width in units:
        layers.append(keras.layers.Dense(width, activation=activation))
        if dropout > 0.0:
            layers.append(keras.layers.Dropout(dropout))
    if n_classes == 2:
        layers.append(keras.layers.Dense(1, activation="sigmoid"))
        loss = "binary_crossentropy"
    else:
        layers.append(keras.layers.Dense(n_classes, activation="softmax"))
        loss = "sparse_categorical_crossentropy"
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss=loss,
                  metrics=["accuracy"])
    return model


def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    """Seed, fit with EarlyStopping(val_loss, patience, restore_best_weights), return History."""
    epochs = _integer(epochs, "epochs", low=1)
    batch_size = _integer(batch_size, "batch_size", low=1)
    validation_split = _real(validation_split, "validation_split", low=0.0, high=1.0,
                             low_open=True, high_open=True)
    patience = _integer(patience, "patience", low=0)
    seed = _integer(seed, "seed", low=0)
    keras = _keras()
    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a compiled keras.Model, got {type(model).__name__}")
    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape[:1] != X.shape[:1]:
        raise ValueError(f"X must be (m, n) and y must have m entries, got X{X.shape}, y{y.shape}")
    keras.utils.set_random_seed(seed)
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                            restore_best_weights=True)
    return model.fit(X, y, epochs=epochs, batch_size=batch_size,
                     validation_split=validation_split, callbacks=[stopper], verbose=0)


def train_digits_classifier(seed=0):
    """Train on scikit-learn's 8x8 digits; returns ``(model, test_accuracy)`` (>= 0.95)."""
    seed = _integer(seed, "seed", low=0)
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X = digits.data.astype(np.float32) / 16.0          # pixels are 0..16
    y = digits.target.astype(np.int64)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, stratify=y, random_state=seed)
    keras = _keras()
    keras.utils.set_random_seed(seed)                   # the weight initialisation too
    model = build_model(X.shape[1], hidden_units=(64,), activation="relu", dropout=0.0,
                        n_classes=10, learning_rate=0.005)
    train_model(model, X_train, y_train, epochs=60, batch_size=32, validation_split=0.1,
                patience=6, seed=seed)
    _, accuracy = model.evaluate(X_test, y_test, verbose=0)
    return model, float(accuracy)
