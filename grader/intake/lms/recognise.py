"""Which exercise a file from an LMS download is.

LMSs rename files (Canvas appends ``-1`` to a repeated name, browsers save
``<exercise> (1).py``) and students name them as they like, so a file is
recognised, in this order:

1. by its name: ``<exercise>.py`` / ``<exercise>.ipynb``, case and such suffixes aside;
2. for a notebook, by its metadata: any ``exercise`` key naming an exercise,
   at the top of the notebook's metadata or one level down (where the
   release's notebooks record it);
3. by the functions it defines: the exercise whose stub (``exercises/<name>.py``
   in the course folder)
   defines the most of the same functions, at least two and more than any
   other exercise.

Nothing is executed: a file's functions are its ``def`` lines at column 0
(read with a regular expression, not run), notebooks are read with nbformat.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from grader.course.config import PROJECT_ROOT

CODE_SUFFIXES = (".py", ".ipynb")
# "<exercise>-1.py" (Canvas), "<exercise> (1).py" (browsers), "<exercise>_v2"? no: only the LMS's own marks
_COPY_MARK = re.compile(r"(?:-\d+| \(\d+\))$")
_MAGIC = re.compile(r"^\s*[%!]")
_TOP_DEF = re.compile(r"^(?:async[ \t]+)?def[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(", re.M)


@dataclass(frozen=True)
class Match:
    exercise: str
    how: str            # "name", "notebook metadata", "functions"

    @property
    def rank(self) -> int:
        """Higher is surer: a file named for the exercise beats one that defines its functions."""
        return {"name": 3, "notebook metadata": 2, "functions": 1}[self.how]


def stem_of(filename: str) -> tuple[str, str]:
    """(stem without the LMS's copy mark, suffix), both lower-case."""
    p = PurePosixPath(filename)
    return _COPY_MARK.sub("", p.stem).casefold(), p.suffix.casefold()


@lru_cache(maxsize=None)
def stub_functions(exercise: str, root: Path = PROJECT_ROOT) -> frozenset[str]:
    """The top-level functions of the exercise's stub (empty if there is none)."""
    path = root / "exercises" / f"{exercise}.py"
    try:
        return frozenset(defined_functions(path.read_text(encoding="utf-8")))
    except OSError:
        return frozenset()


def defined_functions(source: str) -> set[str]:
    """Names of the functions ``source`` defines at its top level: the ``def``
    lines at column 0.  Read, never parsed or run: a syntax error elsewhere
    in the file hides nothing, and a class of 500 is read in milliseconds."""
    return set(_TOP_DEF.findall(source))


def course_exercises(names, root: Path = PROJECT_ROOT) -> dict[str, frozenset[str]]:
    """Each exercise of the course with the functions its stub defines: what :func:`recognise` compares with."""
    return {name: stub_functions(name, Path(root)) for name in names}


def recognise(filename: str, data: bytes, exercises: dict[str, frozenset[str]]) -> Match | None:
    """The exercise ``filename`` (with content ``data``) is, or None;
    ``exercises`` as :func:`course_exercises` gives them."""
    stem, suffix = stem_of(filename)
    if suffix not in CODE_SUFFIXES:
        return None
    if stem in exercises:
        return Match(stem, "name")
    if suffix == ".ipynb":
        notebook = _notebook(data)
        if notebook is None:
            return None
        named = _metadata_exercise(notebook.get("metadata") or {}, exercises)
        if named:
            return Match(named, "notebook metadata")
        chunks = _code_cells(notebook)
    else:
        chunks = [data.decode("utf-8", "replace")]
    return _by_functions(chunks, exercises)


def _notebook(data: bytes):
    """The notebook as nbformat's dict, or None when it is not one."""
    import nbformat  # deferred: only notebooks need it
    try:
        return nbformat.reads(data.decode("utf-8"), as_version=nbformat.NO_CONVERT)
    except Exception:  # noqa: BLE001 - not JSON, not a notebook, a future nbformat...
        return None


def _metadata_exercise(metadata: dict, exercises) -> str | None:
    places = [metadata] + [v for v in metadata.values() if isinstance(v, dict)]
    for place in places:
        value = place.get("exercise")
        if isinstance(value, str) and value in exercises:
            return value
    return None


def _code_cells(notebook) -> list[str]:
    """Each code cell's source, IPython magics and shell lines removed."""
    cells = []
    for cell in notebook.get("cells") or []:
        if cell.get("cell_type") == "code":
            source = cell.get("source") or ""
            source = "".join(source) if isinstance(source, list) else str(source)
            cells.append("\n".join(line for line in source.splitlines() if not _MAGIC.match(line)))
    return cells


def _by_functions(chunks: list[str], exercises: dict[str, frozenset[str]]) -> Match | None:
    """By the functions the chunks (a file, or a notebook's cells) define."""
    names: set[str] = set()
    for chunk in chunks:
        names |= defined_functions(chunk)
    scores = sorted(((len(names & functions), e) for e, functions in exercises.items()), reverse=True)
    if not scores or scores[0][0] < 2 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return Match(scores[0][1], "functions")
