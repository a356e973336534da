"""Reference implementation (the grading oracle) of the exercise API.

One module per exercise, ``reference/<exercise>.py``, exactly the contract of
``shared/spec/exercise-api.md``.  Written independently of ``solutions/``
(different but equivalent formulations wherever one exists) so that agreement
between the two is evidence that both are right; ``tests/reference/`` also
checks the reference against TensorFlow/Keras and against the worked numbers
of the course notes.

Never shipped to students.  Modules are imported on first use
(``reference.<exercise>`` or ``importlib``), so importing this package is
cheap and a new exercise needs no line here.
"""
import importlib
from pathlib import Path

__all__ = sorted(p.stem for p in Path(__file__).parent.glob("*.py") if not p.stem.startswith("_"))


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
