# Ben Okafor - exercise 6 (Keras)
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

keras = tf.keras


def build_model(input_dim, hidden_units=(16,), activation="relu", dropout=0.0,
                n_classes=2, learning_rate=0.001):
    layers = [keras.Input((input_dim,))]
    for n in hidden_units:
        layers.append(keras.layers.Dense(n, activation=activation))
        if dropout > 0:
            layers.append(keras.layers.Dropout(dropout))
    if n_classes == 2:
        layers.append(keras.layers.Dense(1, activation="sigmoid"))
        loss = "binary_crossentropy"
    else:
        layers.append(keras.layers.Dense(n_classes, activation="softmax"))
        loss = "sparse_categorical_crossentropy"
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss, metrics=["accuracy"])
    return model


def train_model(model, X, y, epochs=50, batch_size=32, validation_split=0.2, patience=5, seed=0):
    keras.utils.set_random_seed(seed)
    cb = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    return model.fit(X, y, epochs=epochs, batch_size=batch_size, validation_split=validation_split,
                     callbacks=[cb], verbose=0)


def train_digits_classifier(seed=0):
    data = load_digits()
    X = data.data / 16.0
    X_tr, X_te, y_tr, y_te = train_test_split(X, data.target, test_size=0.2,
                                              stratify=data.target, random_state=seed)
    model = build_model(64, hidden_units=(32,), n_classes=10, learning_rate=0.01)
    train_model(model, X_tr, y_tr, epochs=20, batch_size=64, patience=3, seed=seed)
    loss, acc = model.evaluate(X_te, y_te, verbose=0)
    print("test accuracy:", acc)
    return model, float(acc)
