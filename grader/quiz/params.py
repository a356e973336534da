"""The engine side of parameterised questions: a portable random stream and a registry.

The generators themselves (what numbers a question draws, and the answer the
course's reference implementation computes from them) are course content and
live beside the bank, in ``generators.py`` of the bank's folder
(``reference/quiz/generators.py`` for this course).  That file makes a
``Generators`` registry called ``GENERATORS`` and registers each generator
with ``@GENERATORS.register(name, description)`` on a class with three static
or class methods:

* ``draw(rng) -> params``: JSON-native numbers drawn from a ``Draw`` stream
  (the student's seed); the same seed gives the same params on every machine
  and Python version (the stream is sha256 in counter mode, not ``random``).
* ``solve(params) -> float``: the answer, computed by the reference
  implementation, never by hand.
* ``display(params) -> {name: text}``: the strings the prompt template uses.

``load_generators(folder)`` imports that file once per folder.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

GENERATORS_FILE = "generators.py"


class Draw:
    """A deterministic stream of integers from a 64-bit seed (sha256 in counter mode)."""

    def __init__(self, seed: int):
        self._seed = int(seed).to_bytes(8, "big", signed=False)
        self._counter = 0

    def _u64(self) -> int:
        self._counter += 1
        block = hashlib.sha256(self._seed + self._counter.to_bytes(8, "big")).digest()
        return int.from_bytes(block[:8], "big")

    def integer(self, low: int, high: int) -> int:
        """Uniform integer in [low, high] (both included), by rejection sampling."""
        if high < low:
            raise ValueError(f"empty range [{low}, {high}]")
        span = high - low + 1
        limit = (1 << 64) - ((1 << 64) % span)
        while True:
            u = self._u64()
            if u < limit:
                return low + u % span

    def choice(self, options):
        options = list(options)
        return options[self.integer(0, len(options) - 1)]

    def shuffle(self, items) -> list:
        """A new list with ``items`` in a uniformly drawn order (Fisher-Yates)."""
        items = list(items)
        for i in range(len(items) - 1, 0, -1):
            j = self.integer(0, i)
            items[i], items[j] = items[j], items[i]
        return items

    def sample(self, items, k: int) -> list:
        """``k`` distinct items, in drawn order."""
        return self.shuffle(items)[:k]

    def grid(self, low: float, high: float, step: float, nonzero: bool = False) -> float:
        """A multiple of ``step`` in [low, high], rounded to step's decimals."""
        decimals = max(0, -int(f"{step:e}".split("e")[1]))
        n = int(round((high - low) / step))
        while True:
            v = round(low + step * self.integer(0, n), decimals + 1)
            v = round(v, decimals) + 0.0      # no -0.0
            if not (nonzero and v == 0):
                return v

    def grids(self, k: int, low: float, high: float, step: float, nonzero: bool = False):
        return [self.grid(low, high, step, nonzero) for _ in range(k)]


def fmt(v) -> str:
    """A number as a prompt shows it: 0.5, -1, 1000, 0.001."""
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:g}" if isinstance(v, float) else str(v)


@dataclass(frozen=True)
class Generator:
    name: str
    draw: Callable
    solve: Callable
    display: Callable
    description: str = ""


class Generators(dict):
    """name -> Generator; ``register`` is the decorator a generators file uses."""

    def register(self, name: str, description: str = ""):
        def add(cls):
            self[name] = Generator(name, cls.draw, cls.solve, cls.display, description)
            return cls
        return add


_loaded: dict[Path, Generators] = {}
_lock = threading.Lock()


def load_generators(file: Path) -> Generators:
    """The ``GENERATORS`` registry of the generators file ``file`` (imported once).

    The file is imported under a private module name, so two banks (the
    course's and a test's) never clash in ``sys.modules``."""
    file = Path(file).resolve()
    with _lock:
        if file in _loaded:
            return _loaded[file]
        name = "_quiz_generators_" + hashlib.sha256(str(file).encode()).hexdigest()[:12]
        spec = importlib.util.spec_from_file_location(name, file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)
            raise
        registry = getattr(module, "GENERATORS", None)
        if not isinstance(registry, Generators):
            raise TypeError(f"{file} defines no GENERATORS = Generators() registry")
        _loaded[file] = registry
        return registry
