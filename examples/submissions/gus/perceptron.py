# gus (Gustavo Pereira) -- perceptron.py
import numpy as np


def step(z, threshold=0.0):
    return (np.asarray(z, dtype=float) >= threshold).astype(np.int64)


def perceptron_predict(X, w, b):
    xArr = np.asarray(X, dtype=float)
    wArr = np.asarray(w, dtype=float)
    if xArr.shape[-1] != wArr.shape[0]:
        raise ValueError("perceptron_predict: X and w sizes don't match")
    return step(np.dot(xArr, wArr) + np.asarray(b, dtype=float))


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    xArr = np.asarray(X, dtype=float)
    yArr = np.asarray(y, dtype=float)
    if xArr.ndim != 2 or yArr.shape[0] != xArr.shape[0]:
        raise ValueError("perceptron_train: X must be (m, n) and y must have m rows")
    outShape = (xArr.shape[1],) + yArr.shape[1:]
    w = np.zeros(outShape) if w0 is None else np.array(w0, dtype=float)
    b = np.zeros(yArr.shape[1:]) + b0

    epochs = 0
    converged = False
    changed = True
    while changed:
        epochs += 1
        for xi, ti in zip(xArr, yArr):
            err = ti - step(np.dot(xi, w) + b)
            if np.any(err != 0):
                w = w + lr * np.multiply.outer(xi, err)
                b = b + lr * err
                changed = True
        if epochs >= max_epochs:
            converged = False
    if not changed:
        converged = True
    return w, (float(b) if yArr.ndim == 1 else b), epochs, converged


def bipolar_step(y_in, theta=0.2):
    yIn = np.asarray(y_in, dtype=float)
    out = np.zeros(yIn.shape, dtype=np.int64)
    out[yIn > theta] = 1
    out[yIn < -theta] = -1
    return out


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    xArr = np.asarray(X, dtype=float)
    tArr = np.asarray(t, dtype=float)
    if xArr.ndim != 2 or tArr.shape[0] != xArr.shape[0]:
        raise ValueError("perceptron_train_bipolar: X must be (m, n) and t must have m rows")
    w = np.zeros((xArr.shape[1],) + tArr.shape[1:])
    b = np.zeros(tArr.shape[1:])

    epochs = 0
    converged = False
    while epochs < max_epochs:
        epochs += 1
        changed = False
        for xi, ti in zip(xArr, tArr):
            yOut = bipolar_step(b + np.dot(xi, w), theta)
            wrong = yOut != ti
            if np.any(wrong):
                delta = lr * ti * wrong
                w = w + np.multiply.outer(xi, delta)
                b = b + delta
                changed = True
        if not changed:
            converged = True
            break
    return w, (float(b) if tArr.ndim == 1 else b), epochs, converged


def gate_perceptron(gate):
    if not isinstance(gate, str):
        raise ValueError("gate_perceptron: gate must be a string")
    g = gate.upper()
    if g == "AND":
        return np.array([0.5, 0.5]), -0.75
    if g == "OR":
        return np.array([0.5, 0.5]), -0.25
    if g == "NAND":
        return np.array([-0.5, -0.5]), 0.75
    if g == "NOR":
        return np.array([-0.5, -0.5]), 0.25
    raise ValueError("gate_perceptron: can't build " + repr(gate) + " with one perceptron")
