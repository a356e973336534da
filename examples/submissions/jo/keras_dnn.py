# jo -- keras_dnn.py
import numpy as np
import tensorflow as tf
from tensorflow import keras


def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0,
                n_classes=2, learning_rate=0.001):
    model = keras.Sequential([keras.Input((input_dim,))])
    for u in hidden_units:
        model.add(keras.layers.Dense(u, activation=activation))
        if dropout:
            model.add(keras.layers.Dropout(dropout))
    if n_classes == 2:
        model.add(keras.layers.Dense(1, activation="relu"))
        model.compile(keras.optimizers.Adam(learning_rate), "binary_crossentropy", metrics=["accuracy"])
    else:
        model.add(keras.layers.Dense(n_classes, activation="softmax"))
        model.compile(keras.optimizers.Adam(learning_rate), "sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    return model


def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    keras.utils.set_random_seed(seed)
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, validation_split=validation_split,
                     callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                                              restore_best_weights=True)],
                     verbose=0)


def train_digits_classifier(seed=0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    X, y = load_digits(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X / 16, y, test_size=0.2, stratify=y, random_state=seed)
    m = build_model(64, (32,), n_classes=10, learning_rate=0.01)
    h = train_model(m, Xtr, ytr, epochs=20, batch_size=64, patience=3, seed=seed)
    print(len(h.history["loss"]), "epochs")
    return m, float(m.evaluate(Xte, yte, verbose=0)[1])
