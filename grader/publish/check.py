"""``grader check``: a student's quick feedback from the public tests.

The public tests are public (their expected values are numbers from the
notes), so they may run in the student's own Python: this is the student's
machine and their own code.  Hidden tests never run here.  pytest does the
work; we read its JUnit XML and print one friendly line per test.

An exercise may be a notebook (``neuron.ipynb``, or one whose metadata names
the exercise) instead of ``neuron.py``: its code is extracted exactly as
``grader grade`` extracts it (:mod:`grader.intake.notebooks`) into a
temporary folder, and the public tests run on that.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Sequence

import click


def find_layout(folder: Path, course_exercises: Sequence[str]) -> tuple[Path, Path] | None:
    """(folder with the exercise files, folder with the public tests): the
    first holding an exercise of the course (``<exercise>.py``, or a notebook
    of it)."""
    for impl in (folder, folder / "exercises"):
        for tests in (impl / "tests", folder / "tests"):
            if impl.is_dir() and any(tests.glob("test_*.py")):
                if any((impl / f"{e}{ext}").exists() for e in course_exercises for ext in (".py", ".ipynb")) or \
                        any(_notebook_exercise(p, course_exercises) for p in impl.glob("*.ipynb")):
                    return impl, tests
    return None


def _notebook_exercise(path: Path, exercises) -> str | None:
    from grader.intake.notebooks import exercise_of
    try:
        return exercise_of(path.name, path.read_bytes(), exercises)
    except OSError:
        return None


def read_student_folder(impl: Path, exercises):
    """The folder's top-level ``.py`` and ``.ipynb`` files as a submission,
    each exercise's graded file chosen as ``grader grade`` chooses it."""
    from grader.intake.submissions import Submission, choose_exercise_files
    sub = Submission("student", impl)
    for path in sorted([*impl.glob("*.py"), *impl.glob("*.ipynb")]):
        if path.is_file() and not path.is_symlink():
            sub.files[path.name] = path.read_bytes()
    choose_exercise_files(sub, exercises)
    return sub


@contextlib.contextmanager
def exercise_folder(impl: Path, exercises):
    """(folder to test, {exercise: graded file}, notes): ``impl`` itself when
    every exercise is a ``.py``; else a temporary copy of its ``.py`` files
    with each notebook's extracted module as ``<exercise>.py``."""
    sub = read_student_folder(impl, exercises)
    present = {e: sub.exercise_file(e) for e in exercises if sub.exercise_file(e)}
    if not sub.extractions:
        yield impl, present, [p for p in sub.problems if ".ipynb" in p]
        return
    with tempfile.TemporaryDirectory(prefix="grader-notebooks-") as tmp:
        for name in sub.files:
            if name.endswith(".py"):
                shutil.copy2(impl / name, Path(tmp) / name)
        for exercise, extraction in sub.extractions.items():
            (Path(tmp) / f"{exercise}.py").write_text(extraction.code, encoding="utf-8")
        yield Path(tmp), present, sub.problems


def run_check(folder: Path, exercises: list[str], course_exercises: Sequence[str]) -> int:
    """The public tests of ``exercises`` (default: every exercise of the course
    with a file, .py or notebook, in ``folder``), one friendly line each; the exit code."""
    layout = find_layout(folder.resolve(), course_exercises)
    if layout is None:
        click.secho("No exercise files with public tests found here: run `grader check` in the folder "
                    f"that holds {example_files(course_exercises)} (or notebooks) and tests/.", fg="red", err=True)
        return 2
    impl, tests = layout
    with exercise_folder(impl, course_exercises) as (tested, present, notes):
        for note in notes:
            click.secho(note, fg="cyan")
        return _run(tested, tests, exercises or list(present), present)


def _run(impl: Path, tests: Path, exercises: list[str], present: dict) -> int:
    files = [str(tests / f"test_{e}.py") for e in exercises if e in present and (tests / f"test_{e}.py").exists()]
    missing = [e for e in exercises if e not in present]
    if not files:
        return show([], exercises, missing)
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "junit.xml"
        # Third-party pytest plugins (xdist, hypothesis, benchmark) cost a second
        # of start-up and are not needed by the public tests.
        env = dict(os.environ, EXERCISES_DIR=str(impl), TF_CPP_MIN_LOG_LEVEL="3", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
                   PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=short",
             f"--junitxml={xml}", "-o", "junit_family=xunit1", "--rootdir", str(tests), *files],
            cwd=tmp, env=env, capture_output=True, text=True)
        if not xml.exists():
            click.secho("The public tests could not run:", fg="red")
            click.echo((proc.stdout + proc.stderr)[-3000:])
            return 2
        cases = parse_junit(xml)
    return show(cases, exercises, missing)


def example_files(exercises: Sequence[str]) -> str:
    """'a.py, b.py, ...': how messages name the files of the course's exercises."""
    return ", ".join([f"{e}.py" for e in exercises[:2]] + ["..."])


def parse_junit(path: Path) -> list[dict]:
    out = []
    for case in ET.parse(path).getroot().iter("testcase"):
        status, message = "passed", ""
        for tag in ("failure", "error", "skipped"):
            node = case.find(tag)
            if node is not None:
                status = {"failure": "failed", "error": "error", "skipped": "skipped"}[tag]
                message = node.get("message") or (node.text or "")
        module = case.get("classname", "").split(".")[-1].replace("test_", "")
        out.append({"exercise": module.split("::")[0], "name": case.get("name", ""),
                    "status": status, "message": _one_line(message)})
    return out


def _one_line(message: str) -> str:
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    for ln in lines:
        if "not implemented" in ln.lower():
            return ln
    return lines[0][:300] if lines else ""


def show(cases: list[dict], exercises: list[str], missing: list[str]) -> int:
    failed = 0
    for ex in exercises:
        if ex in missing:
            click.secho(f"\n{ex}: neither {ex}.py nor {ex}.ipynb is here", fg="red", bold=True)
            continue
        mine = [c for c in cases if c["exercise"] == ex]
        passed = sum(c["status"] == "passed" for c in mine)
        colour = "green" if passed == len(mine) else "red"
        click.secho(f"\n{ex}: {passed}/{len(mine)} public tests pass", fg=colour, bold=True)
        for c in mine:
            if c["status"] == "passed":
                click.echo(click.style("  ✔ ", fg="green") + c["name"])
            elif c["status"] == "skipped":
                click.echo(click.style("  - ", fg="yellow") + f"{c['name']} (skipped: {c['message']})")
            else:
                failed += 1
                click.echo(click.style("  ✘ ", fg="red") + c["name"])
                if c["message"]:
                    click.echo("      " + c["message"])
    click.echo("")
    if missing:
        click.secho(f"No file for {', '.join(missing)}: nothing was checked for "
                    f"{'it' if len(missing) == 1 else 'them'}.", fg="red")
        return 1
    if failed:
        click.secho(f"{failed} public test(s) fail. The hidden tests check more than these.", fg="red")
        return 1
    click.secho("All public tests pass. The hidden tests check more: edge cases, shapes, stability.", fg="green")
    return 0
