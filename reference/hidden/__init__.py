"""The hidden test suites, one module per exercise, each defining ``suite``.

They run in the grader's trusted process and reach student code only through
the sandbox (see grader/testing/suite.py).  Never shipped to students.
"""
import importlib

EXERCISES = ("neuron", "perceptron", "mlp", "optimizers", "dropout", "keras_dnn")


def load_suite(exercise: str):
    """The ``Suite`` of one exercise."""
    if exercise not in EXERCISES:
        raise KeyError(f"unknown exercise {exercise!r}")
    return importlib.import_module(f"{__name__}.{exercise}").suite
