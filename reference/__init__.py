"""Reference implementation (the grading oracle) of the exercise API.

One module per topic, exactly the contract of ``shared/spec/exercise-api.md``:
``neuron``, ``perceptron``, ``mlp``, ``optimizers``, ``dropout`` and
``keras_dnn``.  Written independently of ``solutions/`` (different but
equivalent formulations wherever one exists) so that agreement between the
two is evidence that both are right; ``tests/reference/`` also checks the
reference against TensorFlow/Keras and against the worked numbers of the
course notes.

Never shipped to students.  ``keras_dnn`` imports TensorFlow lazily, inside
its functions, so importing this package is cheap.
"""

from . import dropout, mlp, neuron, optimizers, perceptron  # noqa: F401

__all__ = ["neuron", "perceptron", "mlp", "optimizers", "dropout", "keras_dnn"]


def __getattr__(name):  # lazy access to reference.keras_dnn (pulls in nothing heavy itself)
    if name == "keras_dnn":
        import importlib

        return importlib.import_module(".keras_dnn", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
