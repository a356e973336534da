"""Exercise 6 - a small dense network in Keras.

Ada Lindqvist, s1001
TensorFlow is imported lazily so that importing this file stays fast.
"""
import os

import numpy as np


def _keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from tensorflow import keras
    return keras


def _check_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0,
                n_classes=2, learning_rate=0.001):
    input_dim = _check_int(input_dim, "input_dim", 1)
    n_classes = _check_int(n_classes, "n_classes", 2)
    if isinstance(hidden_units, (int, np.integer)) and not isinstance(hidden_units, bool):
        hidden_units = (hidden_units,)
    hidden_units = [_check_int(u, "hidden_units", 1) for u in hidden_units]
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")

    keras = _keras()
    model = keras.Sequential()
    model.add(keras.Input(shape=(input_dim,)))
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation=activation))
        if dropout > 0:
            model.add(keras.layers.Dropout(dropout))
    if n_classes == 2:
        model.add(keras.layers.Dense(1, activation="sigmoid"))
        loss = "binary_crossentropy"
    else:
        model.add(keras.layers.Dense(n_classes, activation="softmax"))
        loss = "sparse_categorical_crossentropy"
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss=loss, metrics=["accuracy"])
    return model


def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    keras = _keras()
    keras.utils.set_random_seed(seed)
    early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                          restore_best_weights=True)
    history = model.fit(np.asarray(X, dtype="float32"), np.asarray(y),
                        epochs=epochs, batch_size=batch_size,
                        validation_split=validation_split,
                        callbacks=[early], verbose=0)
    return history


def train_digits_classifier(seed=0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X = digits.data.astype("float32") / 16.0     # pixels are 0..16
    y = digits.target
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, stratify=y, random_state=seed)

    model = build_model(64, hidden_units=(48,), n_classes=10, learning_rate=0.01)
    train_model(model, X_train, y_train, epochs=25, batch_size=64, patience=4, seed=seed)
    _, acc = model.evaluate(X_test, y_test, verbose=0)
    return model, float(acc)
