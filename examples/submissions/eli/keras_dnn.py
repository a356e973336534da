# -*- coding: utf-8 -*-
"""
keras_dnn.py  (Eli Navarro, group B)
"""
import numpy as np

def _keras():
    import keras
    return keras

def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0,
                n_classes=2, learning_rate=0.001):
    keras = _keras()
    layers = keras.layers
    stack = [keras.Input(shape=(input_dim,))]
    for h in hidden_units:
        stack.append(layers.Dense(h, activation=activation))
        if dropout > 0:
            stack.append(layers.Dropout(dropout))
    if n_classes == 2:
        stack.append(layers.Dense(1, activation="sigmoid"))
        loss = "binary_crossentropy"
    else:
        stack.append(layers.Dense(n_classes, activation="softmax"))
        loss = "sparse_categorical_crossentropy"
    model = keras.Sequential(stack)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss=loss, metrics=["accuracy"])
    return model

def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    keras = _keras()
    keras.utils.set_random_seed(seed)
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                            restore_best_weights=True)
    return model.fit(np.asarray(X, "float32"), np.asarray(y), epochs=epochs, batch_size=batch_size,
                     validation_split=validation_split, callbacks=[stopper], verbose=0)

def train_digits_classifier(seed=0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    X = (d.data / 16.0).astype("float32")
    X_tr, X_te, y_tr, y_te = train_test_split(X, d.target, test_size=0.2, stratify=d.target,
                                              random_state=seed)
    model = build_model(64, hidden_units=(32,), n_classes=10, learning_rate=0.01)
    train_model(model, X_tr, y_tr, epochs=25, batch_size=64, patience=4, seed=seed)
    return model, float(model.evaluate(X_te, y_te, verbose=0)[1])
