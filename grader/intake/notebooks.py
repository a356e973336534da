"""Jupyter notebooks as submissions: which exercise a notebook is, and the
Python module graded from it.

Students write their exercises in Jupyter or Colab, where a notebook also
holds their experiments: ``!pip install``, ``drive.mount(...)``, a training
loop, plots, ``print``.  Grading must run their functions, never their
experiment, so the module graded from a notebook keeps only what defines
things:

* imports (except modules that do not exist when grading: ``google.colab``,
  ``IPython``, anything not installed here),
* function and class definitions,
* top-level assignments (constants, lookup tables), except one that calls a
  function or class the notebook defines (``model = train(...)``), a method
  of a name the notebook assigned (``history = model.fit(...)``), or
  something that reads input, files or downloads (``input``, ``open``,
  ``*.load_data``), and except one that uses a name dropped before it.

Everything else at the top level (bare calls, loops, ``if``/``with``/``try``
blocks) is dropped, and IPython magics (``%...``, ``%%...``) and shell lines
(``!...``) are removed before parsing.  A cell that does not parse is skipped
and named ("cell 7: SyntaxError: expected ':' (line 3)"); the rest is still
graded.  Cells are numbered from 1 over all cells of the notebook, markdown
included, as they appear top to bottom in Jupyter and Colab.

All of this runs in the trusted parent and executes nothing of the
notebook: the JSON is read by nbformat, the code is only parsed by ``ast``.
Outputs (images, long logs) are never looked at.
"""
from __future__ import annotations

import ast
import builtins
import importlib.util
import json
import re
import sys
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

METADATA_KEY = "grader"          # notebook.metadata["grader"] = {"exercise": "neuron", ...}
MAX_BYTES = 20 * 1024 * 1024     # a notebook's file, outputs included
# Not there when grading, or (grader: the in-notebook checks) not the student's code.
NOT_GRADED_MODULES = ("google.colab", "IPython", "ipywidgets", "ipykernel", "grader")
BLOCKING_CALLS = {"input", "open", "print", "display", "exec", "eval", "compile", "breakpoint", "__import__"}
BLOCKING_METHODS = {"fit", "fit_generator", "train", "mount", "load_data", "load", "download", "urlopen",
                    "read_csv", "show", "savefig", "save", "system", "run"}
CELL_MAGICS_WITH_PYTHON = {"time", "timeit", "capture", "prun"}  # %%time: the body below is Python


class NotebookError(ValueError):
    """The file is not a notebook the grader can read (one sentence)."""


@dataclass
class Extraction:
    """What was graded from one notebook, kept with the attempt so that an
    instructor can see exactly which code was graded and why."""

    source: str                                                 # the notebook's file name in the submission
    exercise: str | None = None                                 # from its metadata, if any
    code: str = ""                                              # the module that was graded
    functions: dict[str, int] = field(default_factory=dict)    # top-level def/class -> cell it came from
    skipped: list[str] = field(default_factory=list)           # cells that did not parse
    unparsed: dict[str, int] = field(default_factory=dict)     # `def name` seen in a skipped cell -> cell
    dropped: list[str] = field(default_factory=list)           # statements not graded, per cell
    notes: list[str] = field(default_factory=list)             # e.g. a function defined twice

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def implemented(self) -> int:
        """How many functions do more than ``raise NotImplementedError`` (to
        choose between a notebook and a ``.py`` of the same exercise)."""
        return count_implemented(self.code)

    def cell_of(self, function: str) -> int | None:
        return self.functions.get(function)


# ---------------------------------------------------------------- reading

def read_notebook(data: bytes, name: str = "notebook.ipynb", max_bytes: int = MAX_BYTES) -> dict:
    """The notebook as a plain nbformat 4 dict, cell ids normalised, or a
    :class:`NotebookError` saying in one sentence what is wrong."""
    import nbformat

    if len(data) > max_bytes:
        raise NotebookError(f"{name} is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB notebook limit")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise NotebookError(f"{name} is not UTF-8 text (byte {e.start}): save it again from Jupyter") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        hint = " (it looks like Python code: name it .py)" if _looks_like_python(text) else \
            " (truncated or damaged?)"
        raise NotebookError(f"{name} is not valid notebook JSON: {e.msg} at line {e.lineno}{hint}") from None
    except RecursionError:
        raise NotebookError(f"{name} is not a notebook: its JSON is nested too deeply") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", None), list):
        version = raw.get("nbformat") if isinstance(raw, dict) else None
        if version is not None and version != 4:
            raise NotebookError(f"{name} is an nbformat {version} notebook; the grader reads nbformat 4 "
                                "(open and save it with a current Jupyter)")
        raise NotebookError(f"{name} is JSON but not a Jupyter notebook (no list of cells)")
    if raw.get("nbformat") != 4:
        raise NotebookError(f"{name} is an nbformat {raw.get('nbformat')!r} notebook; the grader reads "
                            "nbformat 4 (open and save it with a current Jupyter)")
    for i, cell in enumerate(raw["cells"], 1):
        if not isinstance(cell, dict) or not isinstance(cell.get("source", ""), (str, list)):
            raise NotebookError(f"{name}: cell {i} is damaged (no cell type or source)")
        cell.setdefault("metadata", {})
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None  # never read; keeps validation cheap
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "missing id" warnings: normalize() is the fix
            nb = nbformat.from_dict(raw)
            _, nb = nbformat.validator.normalize(nb)  # adds missing/duplicate cell ids (4.5+)
    except Exception as e:  # noqa: BLE001 - nbformat raises many kinds on odd input
        raise NotebookError(f"{name} could not be read as a notebook ({type(e).__name__}: {str(e)[:200]})") \
            from None
    return nb


def _looks_like_python(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return bool(text.strip())


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(s for s in src if isinstance(s, str)) if isinstance(src, list) else src


def metadata_exercise(nb: dict) -> str | None:
    """The exercise named in the notebook's metadata (written by ``grader release``)."""
    meta = nb.get("metadata", {}).get(METADATA_KEY, {})
    name = meta.get("exercise") if isinstance(meta, dict) else None
    return name if isinstance(name, str) else None


def exercise_of(name: str, data: bytes | None, exercises) -> str | None:
    """Which exercise a file is: ``neuron.py`` / ``neuron.ipynb`` by name, or
    any ``.ipynb`` whose metadata names an exercise (an LMS may have renamed
    it ``alice_12345_neuron-1.ipynb``).  None when it is not an exercise file
    or the notebook cannot be read.  Executes nothing."""
    path = PurePosixPath(name)
    if path.suffix in (".py", ".ipynb") and path.stem in exercises:
        return path.stem
    if path.suffix != ".ipynb" or data is None:
        return None
    try:
        found = metadata_exercise(read_notebook(data, path.name))
    except NotebookError:
        return None
    return found if found in exercises else None


# ---------------------------------------------------------------- extraction

def strip_magics(source: str) -> str:
    """The cell without IPython magics and shell lines (each replaced by an
    empty line, so line numbers in messages still match the cell).  A cell
    magic other than ``%%time``-like ones makes the whole cell non-Python."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)[0] if lines[0].strip() != "%%" else ""
        if magic not in CELL_MAGICS_WITH_PYTHON:
            return ""
        lines[0] = ""
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")) or re.match(r"^[\w.,\s()\[\]]+=\s*[!%]", stripped) or \
                re.match(r"^[\w.]+\?\??$", stripped):
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


def extract(data: bytes, name: str, max_bytes: int = MAX_BYTES, local_modules=()) -> Extraction:
    """The gradable module of a notebook (see the module's docstring).
    ``local_modules``: modules the submission itself holds (``helpers.py``),
    importable when grading although not installed here."""
    nb = read_notebook(data, name, max_bytes)
    result = Extraction(source=name, exercise=metadata_exercise(nb))
    parsed: list[tuple[int, str, ast.Module]] = []
    for number, cell in enumerate(nb["cells"], 1):
        if cell.get("cell_type") != "code":
            continue
        code = strip_magics(_source(cell))
        if not code.strip():
            continue
        try:
            tree = ast.parse(code)
        except SyntaxError as e:
            result.skipped.append(f"cell {number}: SyntaxError: {e.msg} (line {e.lineno})")
            for name in re.findall(r"^(?:async\s+)?def\s+(\w+)", code, re.M):
                result.unparsed[name] = number
            continue
        except (ValueError, RecursionError, MemoryError) as e:
            result.skipped.append(f"cell {number}: {type(e).__name__}: cannot be parsed")
            continue
        parsed.append((number, code, tree))
    defined = {node.name for _, _, tree in parsed for node in tree.body
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    chunks = _select(parsed, defined, result, set(local_modules))
    result.code = _module_text(name, chunks)
    return result


def _select(parsed, defined: set[str], result: Extraction, local: set[str]) -> list[tuple[int, str]]:
    """The kept statements' text, cell by cell, recording what was dropped and why."""
    assigned: set[str] = set()   # names the notebook assigns at the top level (kept or not)
    bound = set(dir(builtins))   # names the graded module has bound so far, in order
    chunks = []
    for number, code, tree in parsed:
        lines = code.splitlines()
        kept, plain_drops = [], 0
        for node in tree.body:
            reason = _drop_reason(node, defined, assigned, bound, local)
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                assigned |= _bound_names(node)
            if reason == "statement":
                plain_drops += 1
                continue
            if reason is not None:
                result.dropped.append(f"cell {number}: {reason}")
                continue
            kept.append(_segment(node, tree, lines))
            bound |= _bound_names(node)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if node.name in result.functions and result.functions[node.name] != number:
                    result.notes.append(
                        f"{node.name} is defined in cell {result.functions[node.name]} and again in cell "
                        f"{number}: the last definition is graded, as when running top to bottom")
                result.functions[node.name] = number
        if plain_drops:
            result.dropped.append(f"cell {number}: {plain_drops} top-level statement(s) not graded "
                                  "(calls, loops, prints, plots)")
        if kept:
            chunks.append((number, "\n".join(kept)))
    return chunks


def _drop_reason(node, defined, assigned, bound, local=frozenset()) -> str | None:
    """Why a top-level statement is not graded ("statement" for plain calls,
    loops and blocks), or None to keep it."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return None
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        missing = [m for m in _imported_modules(node) if m.split(".")[0] not in local and not _importable(m)]
        return f"import of {missing[0]} not graded (not available when grading)" if missing else None
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return None  # a docstring or a stray string
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        target = ", ".join(sorted(_bound_names(node))) or "?"
        for call in (n for n in ast.walk(node.value) if isinstance(n, ast.Call)):
            called = _called_name(call.func)
            root = _root_name(call.func)
            if called in defined or root in defined:
                return f"{target} = {called}(...) not graded (calls a function of the notebook)"
            if isinstance(call.func, ast.Attribute) and root in assigned:
                return f"{target} = {root}.{call.func.attr}(...) not graded (runs the notebook's objects)"
            if called in BLOCKING_CALLS or (isinstance(call.func, ast.Attribute) and called in BLOCKING_METHODS):
                return f"{target} = {called}(...) not graded (input, files, downloads or training)"
        unknown = sorted(_loaded_names(node.value) - bound)
        if unknown:
            return (f"{target} not graded (uses {unknown[0]}, which is not defined above it in what is "
                    "graded: a skipped cell or a dropped statement?)")
        return None
    return "statement"


def _loaded_names(expr) -> set[str]:
    """Names an expression reads when evaluated, minus those it binds itself
    (comprehension variables, lambda arguments)."""
    local = {n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    local |= {a.arg for n in ast.walk(expr) if isinstance(n, ast.Lambda) for a in ast.walk(n.args)
              if isinstance(a, ast.arg)}
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - local


def _imported_modules(node) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        return []  # relative imports fail anyway; leave the error to grading
    return [node.module or ""]


def _importable(module: str) -> bool:
    """Whether ``module`` exists here, without importing (and so running)
    anything but the finder of its top-level package."""
    if any(module == m or module.startswith(m + ".") for m in NOT_GRADED_MODULES):
        return False
    top = module.split(".")[0]
    if not top or top in sys.builtin_module_names or top in sys.modules:
        return True
    try:
        return importlib.util.find_spec(top) is not None
    except (ImportError, ValueError):
        return False


def _called_name(func) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _root_name(func) -> str:
    while isinstance(func, (ast.Attribute, ast.Call, ast.Subscript)):
        func = func.func if isinstance(func, ast.Call) else func.value
    return func.id if isinstance(func, ast.Name) else ""


def _bound_names(node) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    targets = node.targets if isinstance(node, ast.Assign) else \
        [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _segment(node, tree: ast.Module, lines: list[str]) -> str:
    """The statement's own lines (comments kept), or its unparsed text when
    it shares a line with another statement (``x = 1; print(x)``)."""
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    end = node.end_lineno or node.lineno
    shared = any(other is not node and other.lineno <= end and (other.end_lineno or other.lineno) >= start
                 for other in tree.body)
    return ast.unparse(node) if shared else "\n".join(lines[start - 1:end])


def _module_text(name: str, chunks: list[tuple[int, str]]) -> str:
    head = f"# Graded from {name}: its imports, definitions and constants, cell by cell.\n"
    return head + "".join(f"\n# --- cell {number} ---\n{text}\n" for number, text in chunks)


def count_implemented(code: str) -> int:
    """Top-level functions whose body is more than a docstring, ``pass``,
    ``...`` or ``raise NotImplementedError``."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return 0
    count = 0
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
            stub = all(isinstance(s, ast.Pass) or
                       (isinstance(s, ast.Raise) and "NotImplementedError" in ast.unparse(s)) for s in body)
            count += not stub
    return count


def describe(extraction: Extraction) -> list[str]:
    """One line per thing a student should know about the notebook graded:
    where each function came from, skipped cells, duplicates."""
    where = ", ".join(f"{fn} (cell {cell})" for fn, cell in extraction.functions.items())
    lines = [f"{extraction.source}: graded {where}" if where else
             f"{extraction.source}: no function definitions found"]
    lines += [f"{extraction.source}, {s}; the other cells were graded" for s in extraction.skipped]
    cells = sorted({int(d.split(":")[0].removeprefix("cell ")) for d in extraction.dropped})
    if cells:
        lines.append(f"{extraction.source}: top-level code of cell{'s' if len(cells) > 1 else ''} "
                     f"{', '.join(map(str, cells))} not graded (calls, loops, prints, plots, input, "
                     "and what depends on them; only definitions, imports and constants are graded)")
    lines += [f"{extraction.source}: {n}" for n in extraction.notes]
    return lines
