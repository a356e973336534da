"""Public tests for keras_dnn.py (run: pytest tests/test_keras_dnn.py).

Quick structural checks only (no training); skipped when tensorflow is not
installed.  The model follows 000_7462f8ef9b0582c8.txt, "Creating a simple
DNN using Keras".
"""
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # quiet
os.environ["CUDA_VISIBLE_DEVICES"] = ""  # CPU only
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN start-up notice

import pytest  # noqa: E402

try:  # like pytest.importorskip("tensorflow"), but also skips when an installed TF fails to import
    import tensorflow  # noqa: F401
except ImportError as exc:
    pytest.skip(f"tensorflow is not importable ({exc})", allow_module_level=True)

import keras_dnn  # noqa: E402


def test_build_model_default_binary():
    model = keras_dnn.build_model(4)
    assert model.count_params() == 97  # 4*16 + 16 + 16*1 + 1
    assert tuple(model.output_shape) == (None, 1)
    assert model.layers[-1].activation.__name__ == "sigmoid"


def test_build_model_multiclass_with_dropout():
    model = keras_dnn.build_model(64, hidden_units=(32, 16), dropout=0.2, n_classes=10)
    assert tuple(model.output_shape) == (None, 10)
    assert model.layers[-1].activation.__name__ == "softmax"
    assert [type(layer).__name__ for layer in model.layers] == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
