"""
Exercise 6: Keras DNN
Student: Chen Wei (s1003)
"""
import numpy as np
from tensorflow import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0,
                n_classes=2, learning_rate=0.001):
    model = keras.Sequential()
    model.add(keras.Input(shape=(input_dim,)))
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation=activation))
        if dropout > 0:
            model.add(keras.layers.Dropout(dropout))
    if n_classes == 2:
        model.add(keras.layers.Dense(1, activation="sigmoid"))
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                      loss="binary_crossentropy", metrics=["accuracy"])
    else:
        model.add(keras.layers.Dense(n_classes, activation="softmax"))
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    keras.utils.set_random_seed(seed)
    early_stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                               restore_best_weights=True)
    history = model.fit(X, y, epochs=epochs, batch_size=batch_size,
                        validation_split=validation_split, callbacks=[early_stop], verbose=0)
    return history


def train_digits_classifier(seed=0):
    digits = load_digits()
    images = digits.data / 16.0
    labels = digits.target
    X_train, X_test, y_train, y_test = train_test_split(images, labels, test_size=0.2,
                                                        stratify=labels, random_state=seed)
    model = build_model(64, hidden_units=(64,), n_classes=10, learning_rate=0.005)
    train_model(model, X_train, y_train, epochs=25, batch_size=32, patience=4, seed=seed)
    test_loss, test_accuracy = model.evaluate(X_test, y_test, verbose=0)
    return model, float(test_accuracy)
