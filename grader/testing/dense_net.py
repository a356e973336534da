"""A student's Keras model, judged in the parent from data only.

The model itself stays in the sandboxed child: a plain Python object there
can answer ``count_params``, ``predict`` or ``evaluate`` with whatever scores
best.  So the parent asks the child for two pieces of data, the layer
configuration (``get_config()``, JSON-like) and the weights
(``get_weights()``, arrays), checks that they describe a stack of layers of an
allow-listed kind whose weights have the shapes the configuration says, and
then computes everything it grades (parameter counts, predictions, losses,
accuracy) here with numpy, on data it holds.  No student object and no
serialized model is ever loaded in the parent; what the child sends is only
ever numbers and names checked against the lists below.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grader.testing.results import Failure

# Layer kinds the parent can evaluate, and the activations it implements.
LAYER_KINDS = ("InputLayer", "Dense", "Dropout")
MAX_LAYERS = 64
MAX_PARAMS = 5_000_000


def _softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid": _sigmoid,
    "tanh": np.tanh,
    "softmax": _softmax,
    "elu": lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0.0))),
    "selu": lambda z: 1.0507009873554805 * np.where(z > 0, z, 1.6732632423543772 * np.expm1(np.minimum(z, 0.0))),
    "softplus": lambda z: np.logaddexp(0.0, z),
    "softsign": lambda z: z / (1.0 + np.abs(z)),
    "swish": lambda z: z * _sigmoid(z),
    "silu": lambda z: z * _sigmoid(z),
    "relu6": lambda z: np.clip(z, 0.0, 6.0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.2 * z),
}


@dataclass
class Layer:
    kind: str
    units: int | None = None
    activation: str | None = None
    rate: float | None = None
    kernel: np.ndarray | None = None
    bias: np.ndarray | None = None


def activation_name(config: dict) -> str | None:
    """'relu' from a layer config, whether the activation is a string or a
    serialized function; None if it is neither."""
    act = config.get("activation", "linear")
    if isinstance(act, dict):
        act = act.get("config") if act.get("class_name") == "function" else act.get("class_name")
    return act.lower() if isinstance(act, str) else None


class DenseNet:
    """The network a model's configuration and weights describe."""

    def __init__(self, layers: list[Layer], input_dim: int):
        self.layers = layers
        self.input_dim = input_dim

    @classmethod
    def from_data(cls, config, weights) -> "DenseNet":
        """Validate the child's data; a Failure says what does not fit."""
        specs = _layer_specs(config)
        if not isinstance(weights, list) or not all(
                isinstance(w, np.ndarray) and w.dtype.kind == "f" for w in weights):
            raise Failure("get_weights() should return a list of float arrays",
                          got=type(weights).__name__, hint="return a keras model, not an object of your own")
        weights = list(weights)
        layers, width = [], _input_dim(specs, weights)
        for kind, cfg in specs:
            if kind == "Dense":
                layer, width = _dense(cfg, weights, width)
                layers.append(layer)
            elif kind == "Dropout":
                rate = cfg.get("rate")
                if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
                    raise Failure("a Dropout layer has no valid rate", got=rate)
                layers.append(Layer("Dropout", rate=float(rate)))
        if weights:
            raise Failure(f"get_weights() has {len(weights)} arrays more than the Dense layers use",
                          hint="build the model from Dense and Dropout layers only")
        net = cls(layers, _input_dim(specs, []) or width)
        if net.count_params() > MAX_PARAMS:
            raise Failure(f"the model has more than {MAX_PARAMS} parameters")
        return net

    def dense(self) -> list[Layer]:
        return [layer for layer in self.layers if layer.kind == "Dense"]

    def count_params(self) -> int:
        return sum(layer.kernel.size + (layer.bias.size if layer.bias is not None else 0)
                   for layer in self.dense())

    def predict(self, X) -> np.ndarray:
        """The model's outputs at inference (Dropout does nothing), in float32
        like Keras."""
        a = np.asarray(X, dtype=np.float32)
        if a.ndim != 2 or a.shape[1] != self.input_dim:
            raise Failure(f"the model takes inputs of width {self.input_dim}, the test data has "
                          f"width {a.shape[-1]}")
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            for layer in self.dense():
                z = a @ layer.kernel + (layer.bias if layer.bias is not None else 0.0)
                a = ACTIVATIONS[layer.activation](z).astype(np.float32)
        return a


def _layer_specs(config) -> list[tuple[str, dict]]:
    layers = config.get("layers") if isinstance(config, dict) else None
    if not isinstance(layers, list) or not layers or len(layers) > MAX_LAYERS:
        raise Failure("the model's get_config() has no list of layers", got=type(config).__name__,
                      hint="build the model as keras.Sequential([keras.Input((input_dim,)), Dense(...), ...])")
    specs = []
    for layer in layers:
        kind = layer.get("class_name") if isinstance(layer, dict) else None
        cfg = layer.get("config") if isinstance(layer, dict) else None
        if kind not in LAYER_KINDS or not isinstance(cfg, dict):
            shown = kind if isinstance(kind, str) and kind.isidentifier() and len(kind) <= 40 else "?"
            raise Failure(f"the model has a layer of type {shown}; the grader evaluates "
                          f"{', '.join(LAYER_KINDS)} layers only",
                          hint="build the model from keras.Input, Dense and Dropout layers")
        specs.append((kind, cfg))
    return specs


def _input_dim(specs, weights) -> int | None:
    for kind, cfg in specs:
        if kind == "InputLayer":
            shape = cfg.get("batch_shape") or cfg.get("batch_input_shape")
            if isinstance(shape, (list, tuple)) and len(shape) == 2 and type(shape[1]) is int and shape[1] > 0:
                return shape[1]
    if weights and weights[0].ndim == 2:
        return weights[0].shape[0]
    return None


def _dense(cfg: dict, weights: list, width: int | None) -> tuple[Layer, int]:
    units = cfg.get("units")
    if type(units) is not int or units < 1:
        raise Failure("a Dense layer has no valid number of units", got=units)
    act = activation_name(cfg)
    if act not in ACTIVATIONS:
        raise Failure(f"a Dense layer uses the activation {act if act and act.isidentifier() else '?'}, "
                      "which the grader does not evaluate", hint=f"use one of {', '.join(ACTIVATIONS)}")
    use_bias = cfg.get("use_bias", True) is not False
    need = 2 if use_bias else 1
    if len(weights) < need:
        raise Failure("get_weights() has fewer arrays than the Dense layers need")
    kernel = weights.pop(0)
    bias = weights.pop(0) if use_bias else None
    if kernel.ndim != 2 or kernel.shape[1] != units or (width is not None and kernel.shape[0] != width):
        raise Failure(f"a Dense layer of {units} units has a kernel of shape {kernel.shape}",
                      hint="the weights do not match the layers")
    if bias is not None and bias.shape != (units,):
        raise Failure(f"a Dense layer of {units} units has a bias of shape {bias.shape}")
    if not (np.all(np.isfinite(kernel)) and (bias is None or np.all(np.isfinite(bias)))):
        raise Failure("the model's weights contain nan or inf")
    return Layer("Dense", units, act, kernel=kernel.astype(np.float32),
                 bias=None if bias is None else bias.astype(np.float32)), units


def fetch(student, model) -> DenseNet:
    """The network behind a model handle, from its configuration and weights."""
    return DenseNet.from_data(student.method(model, "get_config"), student.method(model, "get_weights"))


def binary_crossentropy(p, y, eps: float = 1e-7) -> float:
    """Keras's binary cross-entropy of probabilities ``p`` (n, 1) for labels ``y``."""
    p = np.clip(np.asarray(p, dtype=np.float64).reshape(-1), eps, 1 - eps)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def sparse_categorical_crossentropy(p, y, eps: float = 1e-7) -> float:
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1 - eps)
    return float(-np.mean(np.log(p[np.arange(len(p)), np.asarray(y, dtype=int)])))


def accuracy(p, y) -> float:
    p = np.asarray(p)
    guess = (p.reshape(-1) > 0.5).astype(int) if p.shape[-1] == 1 else np.argmax(p, axis=1)
    return float(np.mean(guess == np.asarray(y).reshape(-1)))

