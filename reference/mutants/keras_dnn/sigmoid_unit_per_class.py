"""catches: build_model: n_classes=10 gives softmax rows that sum to 1

Mutant of solutions/keras_dnn.py with one realistic student bug: build_model gives every class its own sigmoid unit with binary_crossentropy (multi-label style), for any n_classes.

A simple dense network with Keras (TensorFlow backend), as in notes 000/002:
define, compile, fit with early stopping, evaluate.

TensorFlow is imported inside the functions, so importing this module is cheap.
"""
import numbers
import os


def _keras():
    """tf.keras (Keras 3 with TF >= 2.16), imported quietly on the CPU."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    import tensorflow as tf

    return tf.keras


def _int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0,
                n_classes=2, learning_rate=0.001):
    """A compiled keras.Sequential classifier.

    Input((input_dim,)) -> for each entry of hidden_units: Dense(units, activation)
    [+ Dropout(dropout) when dropout > 0] -> Dense(1, "sigmoid") with
    binary_crossentropy for n_classes == 2, else Dense(n_classes, "softmax") with
    sparse_categorical_crossentropy (integer labels 0..n_classes-1).
    Optimizer Adam(learning_rate), metrics ["accuracy"]. build_model(4) has
    4*16 + 16 + 16 + 1 = 97 parameters.
    """
    input_dim = _int(input_dim, "input_dim", 1)
    n_classes = _int(n_classes, "n_classes", 2)
    if isinstance(hidden_units, numbers.Integral) and not isinstance(hidden_units, bool):
        hidden_units = (hidden_units,)
    try:
        hidden_units = tuple(_int(u, "hidden_units", 1) for u in hidden_units)
    except TypeError as exc:
        raise ValueError(f"hidden_units must be a sequence of positive integers, got {hidden_units!r}") from exc
    if isinstance(dropout, bool) or not isinstance(dropout, numbers.Real) or not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be a rate in [0, 1), got {dropout!r}")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real) or not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
    if not isinstance(activation, str):
        raise ValueError(f"activation must be the name of a Keras activation, got {activation!r}")

    keras = _keras()
    try:
        keras.activations.get(activation)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"activation {activation!r} is not a Keras activation") from exc

    layers = [keras.Input((input_dim,))]
    for units in hidden_units:
        layers.append(keras.layers.Dense(units, activation=activation))
        if dropout > 0:
            layers.append(keras.layers.Dropout(dropout))
    # BUG: one sigmoid unit per class and binary cross-entropy: n_classes=2 needs Dense(1, "sigmoid"),
    # more classes a softmax with sparse_categorical_crossentropy
    layers.append(keras.layers.Dense(n_classes, activation="sigmoid"))
    loss = "binary_crossentropy"
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=float(learning_rate)),
                  loss=loss, metrics=["accuracy"])
    return model


def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    """Fit `model` on (X, y) with early stopping on the validation loss.

    Seeds Python, numpy and TF with keras.utils.set_random_seed(seed), then
    model.fit(..., validation_split=validation_split, verbose=0) with
    EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True).
    Returns the keras History (history.history["loss"], ["val_loss"], ...).
    """
    import numpy as np

    epochs = _int(epochs, "epochs", 1)
    batch_size = _int(batch_size, "batch_size", 1)
    patience = _int(patience, "patience", 0)
    seed = _int(seed, "seed", 0)
    if isinstance(validation_split, bool) or not isinstance(validation_split, numbers.Real) \
            or not 0.0 < validation_split < 1.0:
        raise ValueError(f"validation_split must be in (0, 1), got {validation_split!r}")
    X = np.asarray(X, dtype="float32")
    y = np.asarray(y)
    if X.ndim != 2 or y.ndim not in (1, 2) or len(X) != len(y):
        raise ValueError(f"X must be (m, n) and y (m,) with the same m, got {X.shape} and {y.shape}")

    keras = _keras()
    keras.utils.set_random_seed(seed)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                         restore_best_weights=True)
    return model.fit(X, y, epochs=epochs, batch_size=batch_size,
                     validation_split=float(validation_split), callbacks=[stop], verbose=0)


def train_digits_classifier(seed=0):
    """scikit-learn's 8x8 digits: pixels / 16 -> [0, 1], stratified 80/20 split
    (random_state=seed), a 64-128-10 ReLU network trained with train_model
    (Adam 0.003, at most 60 epochs, early stopping with patience 8).

    Returns (model, test_accuracy) with test_accuracy a float (about 0.97-0.98).
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    seed = _int(seed, "seed", 0)
    digits = load_digits()
    X = digits.data.astype("float32") / 16.0
    y = digits.target
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, stratify=y, random_state=seed)
    _keras().utils.set_random_seed(seed)  # reproducible initial weights too
    model = build_model(64, hidden_units=(128,), n_classes=10, learning_rate=0.003)
    train_model(model, X_train, y_train, epochs=60, batch_size=32, patience=8, seed=seed)
    _, accuracy = model.evaluate(X_test, y_test, verbose=0)
    return model, float(accuracy)
