"""Keras exercise -- Dana Kowalski"""
import numpy as np


def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0,
                n_classes=2, learning_rate=0.001):
    from tensorflow import keras

    model = keras.Sequential([keras.Input(shape=(input_dim,))])
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation=activation))
        if dropout > 0:
            model.add(keras.layers.Dropout(dropout))
    binary = n_classes == 2
    model.add(keras.layers.Dense(1 if binary else n_classes,
                                 activation="sigmoid" if binary else "softmax"))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="binary_crossentropy" if binary else "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    from tensorflow import keras

    keras.utils.set_random_seed(seed)
    es = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    return model.fit(np.asarray(X, dtype=np.float32), np.asarray(y), epochs=epochs,
                     batch_size=batch_size, validation_split=validation_split,
                     callbacks=[es], verbose=0)


def train_digits_classifier(seed=0):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)
    model = build_model(64, hidden_units=(32,), dropout=0.1, n_classes=10, learning_rate=0.01)
    train_model(model, Xtr, ytr, epochs=25, batch_size=64, patience=4, seed=seed)
    acc = model.evaluate(Xte, yte, verbose=0)[1]
    return model, float(acc)
