"""``grader release OUT``: what students receive, checked for leaks.

The release is a folder laid out as the students' repository::

    <exercise>.py ...                 the exercise stubs (one per exercise of course.toml)
    <exercise>.ipynb ...              the same stubs as notebooks (Jupyter, Colab)
    notes/                            the course notes the stubs cite, and notes/README.md
    tests/                            the public tests (conftest.py, test_*.py)
    README.md                         for students
    .github/workflows/autograde.yml   runs `grader ci` on every push
    .grader/dl_grader-*.whl           the grader package, nothing else
    .gitignore

The grader is shipped as a wheel built from a staging folder that holds only
``grader/``, ``pyproject.toml`` and ``README.md``: the reference, the hidden
suites and the solutions are not in the build's source tree at all, and the
wheel's members are checked again afterwards (only ``grader/`` and its
``.dist-info``).  The public tests ride along in the wheel as
``grader/public_tests/`` so a notebook's test cells work in Colab, where
there is no release folder on disk.

Then every file of the release (and every member of the wheel) is scanned
for leaks of the instructor's material:

* solution code: distinctive code lines of ``solutions/*.py`` and
  ``reference/*.py`` found in the code of a ``.py`` file, or two in a row in
  any text (a docstring, the README); function bodies identical (by syntax
  tree) to a solution's; files identical to a file of ``reference/`` or
  ``solutions/``;
* hidden test names (every test of ``reference/hidden``);
* expected values: distinctive numbers (4+ significant digits) written in
  the hidden tests only, neither in a visible test nor in the course notes.

A teaching line that must stay in a stub and equals a solution line is
allowed by writing ``noleak`` in a comment on it.  A release with a leak is
deleted and the command exits non-zero, naming each file and what leaked.
"""
from __future__ import annotations

import ast
import hashlib
import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import tokenize
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import tomli_w

from grader.course import bundle as bundle_mod
from grader.course.config import PROJECT_ROOT, CourseConfig, packaged_toml
from grader.publish import distribution
from grader.publish.notebook_release import build_notebook, write_notebook

WHEEL_FOLDER = ".grader"
WORKFLOW = ".github/workflows/autograde.yml"
PYTHON_VERSION = "3.11"
SECRET_DIRS = {"reference", "solutions", "hidden", "mutants"}
MIN_LINE = 20          # characters (without spaces) for a code line to count as distinctive
MIN_NAME = 16          # characters for a test name to be searched for
ALLOW_MARK = "noleak"  # a line carrying this word is never reported
PUBLIC_TESTS = "public_tests"  # grader/public_tests/ in the wheel: for notebooks in Colab
NOTES_DIR = "notes"
NOTES_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")  # how stubs cite a file of the course notes


class ReleaseError(Exception):
    """The release could not be built (one sentence)."""


# ---------------------------------------------------------------- the wheel

def build_wheel(dest: Path, config: CourseConfig, project: Path = PROJECT_ROOT,
                public_tests: Path | None = None) -> Path:
    """Build the grader's wheel into ``dest`` from a staging copy holding only
    ``grader/``, ``pyproject.toml`` and ``README.md``; the course's exercises,
    points and limits go in as the wheel's default course configuration
    (:func:`grader.course.config.packaged_toml`), what a student's repository,
    having no course.toml, runs with; the public tests of ``public_tests`` go
    in as ``grader/public_tests/`` (for notebooks in Colab)."""
    if not (project / "pyproject.toml").is_file() or not (project / "grader").is_dir():
        raise ReleaseError(f"building the grader's wheel needs the project's source (pyproject.toml and "
                           f"grader/ in {project}); pass --wheel FILE instead")
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="grader-wheel-") as tmp:
        stage = Path(tmp) / "src"
        shutil.copytree(project / "grader", stage / "grader",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", "public_tests"))
        if public_tests is not None and public_tests.is_dir():
            (stage / "grader" / PUBLIC_TESTS).mkdir()
            for test in [public_tests / "conftest.py", *sorted(public_tests.glob("test_*.py"))]:
                if test.is_file():
                    shutil.copy2(test, stage / "grader" / PUBLIC_TESTS / test.name)
        (stage / "grader" / "publish" / "distribution" / "course.toml").write_text(
            "# Written by `grader release` from the course's course.toml.\n" + tomli_w.dumps(packaged_toml(config)),
            encoding="utf-8")
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            if (project / name).is_file():
                shutil.copy2(project / name, stage / name)
        out = Path(tmp) / "dist"
        base = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-q", "-w", str(out)]
        env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
        proc = subprocess.run([*base, "--no-build-isolation", str(stage)], capture_output=True, text=True,
                              env=env)
        if proc.returncode != 0:  # no usable setuptools here: let pip fetch the build backend
            proc = subprocess.run([*base, str(stage)], capture_output=True, text=True, env=env)
        wheels = sorted(out.glob("*.whl"))
        if proc.returncode != 0 or len(wheels) != 1:
            raise ReleaseError("building the grader's wheel failed: " + (proc.stdout + proc.stderr)[-2000:])
        target = dest / wheels[0].name
        shutil.copy2(wheels[0], target)
    return target


def wheel_problems(wheel: Path) -> list[str]:
    """What is wrong with a grader wheel: members other than ``grader/`` and
    its ``.dist-info``, or no ``grader/cli/__init__.py``."""
    problems = []
    try:
        with zipfile.ZipFile(wheel) as zf:
            names = zf.namelist()
    except (OSError, zipfile.BadZipFile) as e:
        return [f"{wheel.name} is not a readable wheel ({e})"]
    for name in names:
        top = name.split("/", 1)[0]
        if top != "grader" and not (top.endswith(".dist-info") and top.startswith("dl_grader-")):
            problems.append(f"{wheel.name} contains {name}: a grader wheel holds only grader/ and its .dist-info")
    if "grader/cli/__init__.py" not in names:
        problems.append(f"{wheel.name} has no grader/cli/__init__.py: it is not the grader's wheel")
    return problems


def obtain_wheel(dest: Path, wheel: Path | None, config: CourseConfig, public_tests: Path | None = None) -> Path:
    """A checked grader wheel in ``dest``: ``wheel`` copied, or one built."""
    if wheel is not None:
        if not wheel.is_file():
            raise ReleaseError(f"{wheel} does not exist")
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / wheel.name
        shutil.copy2(wheel, target)
    else:
        target = build_wheel(dest, config, public_tests=public_tests)
    problems = wheel_problems(target)
    if problems:
        raise ReleaseError("; ".join(problems))
    return target


# ---------------------------------------------------------------- secrets

@dataclass
class Secrets:
    """What must never reach students, each with where it comes from."""

    lines: dict[str, str] = field(default_factory=dict)      # key(line) -> "solutions/x.py:12: <line>"
    bodies: dict[str, str] = field(default_factory=dict)     # ast dump -> "solutions/x.py: def f"
    files: dict[str, str] = field(default_factory=dict)      # sha256 -> "reference/x.py"
    names: dict[str, str] = field(default_factory=dict)      # test name -> exercise
    values: dict[str, str] = field(default_factory=dict)     # number -> "hidden test <name>"


def line_key(text: str) -> str:
    """A line without whitespace (so that re-spacing does not hide a copy)."""
    return re.sub(r"\s+", "", text)


_BORING = re.compile(r"^(def |class |async def |import |from |@|raise |return [\w.]+$|if __name__|"
                     r"try:|except|else:|finally:|elif |with |assert |global |nonlocal )")


def distinctive(code: str) -> bool:
    """A code line that identifies an implementation: not a signature, an
    import, an error message from the spec or a short statement."""
    code = code.strip()
    return len(line_key(code)) >= MIN_LINE and not _BORING.match(code)


@dataclass
class SourceLine:
    number: int
    text: str       # the line's content (stripped), comments removed for code
    code: bool      # a line of code, not a docstring, comment or string constant


def python_lines(source: str) -> list[SourceLine]:
    """The lines of a Python file, each flagged as code or text (docstrings,
    comments, other stand-alone strings); comments are dropped from code.
    A file that does not tokenize is all text."""
    raw = source.splitlines()
    text_lines: set[int] = set()
    comments: dict[int, int] = {}  # line -> column where its comment starts
    try:
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and \
                    isinstance(node.value.value, str):
                text_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.start[1]
    except (SyntaxError, tokenize.TokenError, ValueError):
        return [SourceLine(i, line.strip(), False) for i, line in enumerate(raw, 1)]
    out = []
    for i, line in enumerate(raw, 1):
        if i in text_lines:
            out.append(SourceLine(i, line.strip(), False))
            continue
        code = line[:comments[i]] if i in comments else line
        if code.strip():
            out.append(SourceLine(i, code.strip(), True))
        if i in comments:
            out.append(SourceLine(i, line[comments[i]:].lstrip("#").strip(), False))
    return out


def _body_dump(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """A function's body (docstring removed) as a syntax-tree dump, if it is
    more than a stub (``raise NotImplementedError``, ``pass``, ``...``)."""
    body = list(fn.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and \
            isinstance(body[0].value.value, str):
        body = body[1:]
    if not body:
        return None
    text = "\n".join(ast.unparse(stmt) for stmt in body)
    if len(body) == 1 and (len(text) < 40 or "NotImplementedError" in text):
        return None
    return ast.dump(ast.Module(body=body, type_ignores=[]), annotate_fields=False)


def _header_lines(source: str) -> set[int]:
    """Lines of ``def``/``class`` headers (a signature over several lines is
    the exercise's interface, shared with the stubs, not an implementation)."""
    lines: set[int] = set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return lines
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            lines.update(range(first, node.body[0].lineno))
    return lines


def _function_bodies(source: str):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            dump = _body_dump(node)
            if dump is not None:
                yield node, dump


_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?:[eE][-+]?\d+)?(?![\w.])")


def significant_digits(number: str) -> int:
    """Digits that carry information: 0.56275 has 5, 800.0 has 1."""
    mantissa = re.split(r"[eE]", number)[0].replace(".", "").strip("0")
    return len(mantissa)


def _course_notes_text() -> str:
    from grader.reports.writer import notes_source
    folder = notes_source()
    if folder is None:
        return ""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*")) if p.is_file())


def collect_secrets(bundle: Path, solutions: Path | None = None) -> Secrets:
    """Everything of ``bundle/reference`` and ``solutions/`` that must not leak."""
    secrets = Secrets()
    sources: list[tuple[Path, str]] = []
    ref = bundle / "reference"
    for folder, label in ((solutions, "solutions"), (ref, "reference")):
        if folder is not None and folder.is_dir():
            sources += [(p, f"{label}/{p.name}") for p in sorted(folder.glob("*.py")) if p.name != "__init__.py"]
    for folder in (ref, solutions):
        if folder is not None and folder.is_dir():
            for p in folder.rglob("*"):
                if p.is_file() and "__pycache__" not in p.parts and p.stat().st_size > 0:
                    secrets.files[hashlib.sha256(p.read_bytes()).hexdigest()] = p.relative_to(folder.parent).as_posix()
    for path, label in sources:
        source = path.read_text(encoding="utf-8")
        headers = _header_lines(source)
        for line in python_lines(source):
            if line.code and line.number not in headers and distinctive(line.text):
                secrets.lines.setdefault(line_key(line.text), f"{label}:{line.number}: {line.text}")
        for node, dump in _function_bodies(source):
            secrets.bodies.setdefault(dump, f"{label}: def {node.name}")
    _collect_suite_secrets(bundle, secrets)
    return secrets


def _collect_suite_secrets(bundle: Path, secrets: Secrets) -> None:
    """Test names of every hidden suite, and numbers only the hidden tests hold."""
    bundle_mod.ensure_importable(bundle)
    from reference.hidden import load_suite  # importable only once the bundle is on sys.path
    suites = [load_suite(e) for e in bundle_mod.suite_names(bundle)]
    hidden: dict[str, str] = {}
    public: set[str] = set()
    for suite in suites:
        for test in suite.tests:
            secrets.names[test.name] = suite.exercise
            try:
                source = textwrap.dedent(inspect.getsource(test.fn))
            except (OSError, TypeError):
                continue
            numbers = {n for n in _NUMBER.findall(source) if significant_digits(n) >= 4}
            if test.visibility == "hidden":
                for n in numbers:
                    hidden.setdefault(n, f"hidden test {test.name!r} ({suite.exercise})")
            else:
                public |= numbers
    notes = _course_notes_text()
    for number, where in hidden.items():
        if number not in public and not re.search(rf"(?<![\w.]){re.escape(number)}(?!\d)", notes):
            secrets.values[number] = where


# ---------------------------------------------------------------- scanning

@dataclass
class Leak:
    file: str
    line: int
    what: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.what}"


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def scan_text(name: str, text: str, secrets: Secrets) -> list[Leak]:
    """The leaks in one file's text (``name``: how to report the file)."""
    leaks: list[Leak] = []
    if name.endswith(".py"):
        lines = python_lines(text)
    else:
        lines = [SourceLine(i, line.strip(), False) for i, line in enumerate(text.splitlines(), 1)]
    allowed = {line.number for line in lines if ALLOW_MARK in line.text}
    chain: tuple[int, str] | None = None  # the previous non-blank text line, when it was a secret line
    for line in lines:
        content = line.text if line.code else re.sub(r"^(>>>|\.\.\.)(\s|$)", "", line.text)
        key = line_key(content)
        source = secrets.lines.get(key) if key and line.number not in allowed else None
        if line.code:
            if source:
                leaks.append(Leak(name, line.number, f"solution code ({source})"))
            chain = None
            continue
        if not key:
            continue
        if source and chain is not None:
            leaks.append(Leak(name, chain[0], f"solution code in text, two lines in a row ({chain[1]} / {source})"))
        chain = (line.number, source) if source else None
    if name.endswith(".py"):
        for node, dump in _function_bodies(text):
            if dump in secrets.bodies:
                leaks.append(Leak(name, node.lineno, f"function {node.name} has the body of {secrets.bodies[dump]}"))
    flat = " ".join(text.split())
    for test_name, exercise in secrets.names.items():
        if len(test_name) >= MIN_NAME and (test_name in text or " ".join(test_name.split()) in flat):
            at = text.find(test_name)
            leaks.append(Leak(name, text.count("\n", 0, at) + 1 if at >= 0 else 0,
                              f"hidden test name ({exercise}): {_short(test_name)!r}"))
    for number, where in secrets.values.items():
        m = re.search(rf"(?<![\w.]){re.escape(number)}(?![\w.])", text)
        if m:
            leaks.append(Leak(name, text.count("\n", 0, m.start()) + 1, f"expected value {number} of the {where}"))
    return _dedupe(leaks)


def _dedupe(leaks: list[Leak]) -> list[Leak]:
    seen, out = set(), []
    for leak in leaks:
        key = (leak.file, leak.line, leak.what)
        if key not in seen:
            seen.add(key)
            out.append(leak)
    return out


def _decode(data: bytes) -> str | None:
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def scan_bytes(name: str, data: bytes, secrets: Secrets) -> list[Leak]:
    """Leaks in one file; zips, wheels and tarballs are opened and each member scanned."""
    leaks = []
    digest = hashlib.sha256(data).hexdigest()
    if digest in secrets.files:
        leaks.append(Leak(name, 0, f"a copy of {secrets.files[digest]}"))
    parts = PurePosixPath(name).parts
    secret_dirs = [p for p in parts[:-1] if p in SECRET_DIRS]
    if secret_dirs:
        leaks.append(Leak(name, 0, f"inside a folder named {secret_dirs[0]}/"))
    lower = name.lower()
    if lower.endswith((".whl", ".zip")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    if not info.is_dir():
                        leaks += scan_bytes(f"{name}!{info.filename}", zf.read(info), secrets)
        except zipfile.BadZipFile:
            pass
        return leaks
    if lower.endswith((".tar.gz", ".tgz", ".tar")):
        try:
            with tarfile.open(fileobj=io.BytesIO(data)) as tf:
                for member in tf.getmembers():
                    if member.isfile():
                        fh = tf.extractfile(member)
                        if fh is not None:
                            leaks += scan_bytes(f"{name}!{member.name}", fh.read(), secrets)
        except tarfile.TarError:
            pass
        return leaks
    if lower.endswith(".ipynb"):
        cells = _notebook_cells(data)
        if cells is not None:
            for number, kind, source in cells:
                leaks += scan_text(f"{name}#cell{number}{'.py' if kind == 'code' else ''}", source, secrets)
            return leaks
    text = _decode(data)
    if text is not None:
        leaks += scan_text(name, text, secrets)
    return leaks


def _notebook_cells(data: bytes) -> list[tuple[int, str, str]] | None:
    """(number, cell type, source) of every cell of a notebook, outputs
    included as text (a saved output can print a solution), or None if it
    is not a notebook (then it is scanned as plain text only)."""
    try:
        nb = json.loads(data.decode("utf-8"))
        cells = nb["cells"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    out = []
    for number, cell in enumerate(cells if isinstance(cells, list) else [], 1):
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        out.append((number, str(cell.get("cell_type", "")), source))
        for output in cell.get("outputs", []) if isinstance(cell.get("outputs"), list) else []:
            text = output.get("text", "") if isinstance(output, dict) else ""
            out.append((number, "output", "".join(text) if isinstance(text, list) else str(text)))
    return out


def scan_folder(folder: Path, secrets: Secrets) -> list[Leak]:
    """Every leak in every file under ``folder`` (names relative to it)."""
    leaks = []
    for path in sorted(folder.rglob("*")):
        if ".git" in path.relative_to(folder).parts[:-1] or path.name == ".git":
            continue  # the repository's history, if OUT is a clone: compressed objects
        if path.is_symlink():
            leaks.append(Leak(path.relative_to(folder).as_posix(), 0, "a symbolic link (not allowed in a release)"))
        elif path.is_file():
            leaks += scan_bytes(path.relative_to(folder).as_posix(), path.read_bytes(), secrets)
    return leaks


# ---------------------------------------------------------------- building

def default_exercises_dir() -> Path:
    """The course folder's ``exercises/`` (grader/course/bundle.py)."""
    return bundle_mod.find("exercises") or PROJECT_ROOT / "exercises"


def default_solutions_dir(bundle: Path) -> Path | None:
    """The bundle's ``solutions/``, else the course folder's."""
    return bundle / "solutions" if (bundle / "solutions").is_dir() else bundle_mod.find("solutions")


def looks_like_release(folder: Path) -> bool:
    return (folder / WORKFLOW).is_file() or (folder / WHEEL_FOLDER).is_dir()


def build_release(out: Path, config: CourseConfig, *, exercises_dir: Path, wheel: Path | None = None,
                  force: bool = False, echo=print) -> Path:
    """Write the students' folder into ``out``; returns the wheel's path.
    Does not check for leaks (see :func:`check_release`)."""
    if not (exercises_dir / "tests").is_dir():
        raise ReleaseError(f"{exercises_dir} has no tests/ folder: pass the folder with the stubs and tests/")
    names = [e for e in config.exercises if (exercises_dir / f"{e}.py").is_file()]
    if not names:
        raise ReleaseError(f"no exercise stubs ({', '.join(config.exercises)}) in {exercises_dir}")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ReleaseError(f"{out} is not empty: choose a new folder or pass --force to replace it")
        resolved = out.resolve()
        if not looks_like_release(out) or resolved in (PROJECT_ROOT, *PROJECT_ROOT.parents):
            raise ReleaseError(f"{out} does not look like an earlier release (no {WORKFLOW}): "
                               "--force replaces only a release folder")
    with tempfile.TemporaryDirectory(prefix="grader-release-") as tmp:
        staged = obtain_wheel(Path(tmp), wheel, config, exercises_dir / "tests")  # before OUT is cleared: --wheel may point into it
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        (out / WHEEL_FOLDER).mkdir()
        wheel_path = out / WHEEL_FOLDER / staged.name
        shutil.copy2(staged, wheel_path)
    install = install_source(config, wheel_path.relative_to(out).as_posix())
    for name in names:
        shutil.copy2(exercises_dir / f"{name}.py", out / f"{name}.py")
        write_notebook(out / f"{name}.ipynb", build_notebook(
            name, (exercises_dir / f"{name}.py").read_text(encoding="utf-8"), install=install,
            passages=passages_for(config, name), course=config.name))
    write_notes(out / NOTES_DIR, config, names, [exercises_dir / f"{n}.py" for n in names])
    skipped = {f"test_{e}.py" for e in config.exercises if e not in names}
    shutil.copytree(exercises_dir / "tests", out / "tests",
                    ignore=lambda d, files: [f for f in files if f in skipped or f == "__pycache__"
                                             or f.endswith((".pyc", ".pyo")) or f == ".pytest_cache"])
    rows = "\n".join(f"| {e} | `{e}.py` or `{e}.ipynb` | {config.points[e]:g} |" for e in names)
    (out / "README.md").write_text(distribution.render(
        "student_README.md", course=config.name, exercise_rows=rows, first_exercise=f"{names[0]:<18} ",
        example=names[0], wheel=wheel_path.name,
        python_version=PYTHON_VERSION), encoding="utf-8")
    workflow = out / WORKFLOW
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(distribution.render("autograde.yml", wheel=wheel_path.name,
                                            python_version=PYTHON_VERSION), encoding="utf-8")
    (out / ".gitignore").write_text("__pycache__/\n*.pyc\n.pytest_cache/\n.hypothesis/\n.venv/\nautograde/\n"
                                    ".ipynb_checkpoints/\n", encoding="utf-8")
    echo(f"Wrote {len(names)} exercises (as .py and .ipynb), {len(list((out / 'tests').glob('test_*.py')))} "
         f"public test files, {NOTES_DIR}/, README.md, {WORKFLOW} and {WHEEL_FOLDER}/{wheel_path.name} to {out}")
    return wheel_path


def install_source(config: CourseConfig, shipped_wheel: str) -> str:
    """What a notebook's first cell installs: ``[release] install`` of
    course.toml (a URL, ``git+`` address or path reachable from Colab), else
    the wheel shipped in the release (which works in Jupyter, next to it)."""
    import tomllib
    try:
        data = tomllib.loads(config.path.read_text(encoding="utf-8")) if config.path else {}
    except (OSError, tomllib.TOMLDecodeError):
        data = {}
    value = data.get("release", {}).get("install", "")
    if value and not isinstance(value, str):
        raise ReleaseError(f"[release].install must be a string (a URL or a path), got {value!r}")
    return value or shipped_wheel


def passages_for(config: CourseConfig, exercise: str) -> list[dict]:
    """The passages of the course notes an exercise practises (course.toml): {file, heading, line}."""
    return [{"file": p.file, "heading": p.heading, "line": p.line} for p in config.notes_for(exercise)]


def write_notes(folder: Path, config: CourseConfig, exercises: list[str], stubs: list[Path]) -> None:
    """``notes/``: every file of the course notes a stub or a notebook cites,
    under the name the stubs use, and a README saying which passages go
    with which exercise.  The release then points only to what students have."""
    from grader.reports.writer import notes_source
    source = notes_source()
    cited = {p["file"] for e in exercises for p in passages_for(config, e)}
    for stub in stubs:
        cited |= set(NOTES_FILE.findall(stub.read_text(encoding="utf-8")))
    if source is None:
        raise ReleaseError("the course notes (shared/course-notes/) are not found: the release must ship "
                           "the passages its stubs cite")
    missing = sorted(f for f in cited if not (source / f).is_file())
    if missing:
        raise ReleaseError(f"the stubs cite notes files that do not exist in {source}: {', '.join(missing)}")
    folder.mkdir()
    for name in sorted(cited):
        shutil.copy2(source / name, folder / name)
    lines = ["# Course notes", "", "The passages of the course notes your exercises follow. Each stub and "
             "notebook cites them as file name, then heading; search the file for the heading.", ""]
    for exercise in exercises:
        lines += [f"## {exercise}", ""]
        lines += [f"* `{p['file']}`, line {p['line']}: \"{p['heading']}\"" for p in passages_for(config, exercise)]
        lines.append("")
    known = re.search(r"^Known slip.*?(?=\n\n|\Z)", (source / "README.md").read_text(encoding="utf-8"),
                      re.S | re.M) if (source / "README.md").is_file() else None
    if known:  # the public tests and stubs correct it, and say so
        lines += ["## Known slip", "", known.group(0).split(" The project's")[0], ""]
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")


def check_release(folder: Path, bundle: Path, solutions: Path | None) -> list[Leak]:
    """The leaks in a release folder (and in its wheel's members)."""
    leaks = []
    for wheel in sorted((folder / WHEEL_FOLDER).glob("*.whl")) if (folder / WHEEL_FOLDER).is_dir() else []:
        leaks += [Leak(wheel.relative_to(folder).as_posix(), 0, p) for p in wheel_problems(wheel)]
    return leaks + scan_folder(folder, collect_secrets(bundle, solutions))
