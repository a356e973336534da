"""``grader check``: a student's quick feedback from the public tests.

The public tests are public (their expected values are numbers from the
notes), so they may run in the student's own Python: this is the student's
machine and their own code.  Hidden tests never run here.  pytest does the
work; we read its JUnit XML and print one friendly line per test.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Sequence

import click

def find_layout(folder: Path, course_exercises: Sequence[str]) -> tuple[Path, Path] | None:
    """(folder with the exercise files, folder with the public tests): the
    first holding an exercise of the course (``<exercise>.py``)."""
    for impl in (folder, folder / "exercises"):
        for tests in (impl / "tests", folder / "tests"):
            if impl.is_dir() and any(tests.glob("test_*.py")):
                if any((impl / f"{e}.py").exists() for e in course_exercises):
                    return impl, tests
    return None


def run_check(folder: Path, exercises: list[str], course_exercises: Sequence[str]) -> int:
    """The public tests of ``exercises`` (default: every exercise of the course
    with a file in ``folder``), one friendly line each; the exit code."""
    layout = find_layout(folder.resolve(), course_exercises)
    if layout is None:
        click.secho("No exercise files with public tests found here: run `grader check` in the folder "
                    f"that holds {example_files(course_exercises)} and tests/.", fg="red", err=True)
        return 2
    impl, tests = layout
    exercises = exercises or [e for e in course_exercises if (impl / f"{e}.py").exists()]
    files = [str(tests / f"test_{e}.py") for e in exercises if (tests / f"test_{e}.py").exists()]
    missing = [e for e in exercises if not (impl / f"{e}.py").exists()]
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
            click.secho(f"\n{ex}: {ex}.py not found", fg="yellow", bold=True)
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
    if failed:
        click.secho(f"{failed} public test(s) fail. The hidden tests check more than these.", fg="red")
        return 1
    click.secho("All public tests pass. The hidden tests check more: edge cases, shapes, stability.", fg="green")
    return 0
