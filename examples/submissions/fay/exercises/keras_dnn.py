"""Exercise 6 (Keras) -- Fay Adeyemi, student no. s1006."""
from __future__ import annotations

import numpy as np


def build_model(input_dim: int, hidden_units=(16,), activation: str = "relu", dropout: float = 0.0,
                n_classes: int = 2, learning_rate: float = 0.001):
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential(name="fay_dnn")
    model.add(keras.Input(shape=(input_dim,)))
    for i, units in enumerate(hidden_units):
        model.add(layers.Dense(units, activation=activation, name=f"hidden_{i}"))
        if dropout > 0:
            model.add(layers.Dropout(dropout, name=f"dropout_{i}"))
    if n_classes == 2:
        model.add(layers.Dense(1, activation="sigmoid", name="output"))
        loss = "binary_crossentropy"
    else:
        model.add(layers.Dense(n_classes, activation="softmax", name="output"))
        loss = "sparse_categorical_crossentropy"
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss=loss,
                  metrics=["accuracy"])
    return model


def train_model(model, X, y, epochs: int = 50, batch_size: int = 32, validation_split: float = 0.2,
                patience: int = 5, seed: int = 0):
    from tensorflow import keras

    keras.utils.set_random_seed(seed)
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                             restore_best_weights=True)
    return model.fit(np.asarray(X, dtype=np.float32), np.asarray(y), epochs=epochs,
                     batch_size=batch_size, validation_split=validation_split,
                     callbacks=[callback], verbose=0)


def train_digits_classifier(seed: int = 0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X = digits.data.astype(np.float32) / 16.0
    y = digits.target
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y,
                                                        random_state=seed)
    model = build_model(64, hidden_units=(64,), n_classes=10, learning_rate=0.01)
    train_model(model, X_train, y_train, epochs=20, batch_size=64, patience=4, seed=seed)
    _, test_acc = model.evaluate(X_test, y_test, verbose=0)
    return model, float(test_acc)
