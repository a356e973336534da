"""``grader ci``: the tests of a student's repository, for GitHub Actions.

Run in a repository laid out like ``grader release``'s output (exercise files
at the top, ``tests/`` beside them):

* the public tests always run, with pytest, in the student's own Python (as
  ``grader check`` runs them: they are public, and this is the student's
  machine);
* the hidden suites run as well when the instructor's grading bundle is
  supplied (``--bundle PATH`` or ``$GRADER_BUNDLE``: a folder holding
  ``reference/``), through the normal grading path
  (:func:`grader.engine.grading.grade_submission`): the student's files in a
  sandboxed child, the hidden tests in this process.  What is shown of them is
  the student's view (:func:`grader.reports.writer.student_view`): hidden
  tests show their name and result, never their inputs or expected values.

Writes JUnit XML (``--junit``), a Markdown summary (``--summary``, else
appended to ``$GITHUB_STEP_SUMMARY`` when that is set) and ``--results``
(JSON); prints ``Points X/Y``: the course points of the hidden suites when
they ran, else one point per public test.  Exits 1 when any test fails, 2
when the tests could not run at all.

Nothing here needs ``reference/`` unless a bundle is given: the grading
modules are imported only then.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from grader.course import config as course_config
from grader.course import bundle as bundle_mod
from grader.publish.check import example_files, exercise_folder, find_layout, parse_junit

FAILING = ("failed", "error", "timeout", "not_submitted")


class CIError(Exception):
    """The tests could not run (one sentence)."""


@dataclass
class CIRun:
    student: str
    exercises: list[str]
    public: list[dict]
    hidden: dict | None = None          # student_view of the result, when the bundle was given
    sandbox: str = ""
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------ totals

    @property
    def public_passed(self) -> int:
        return sum(c["status"] == "passed" for c in self.public)

    @property
    def public_failed(self) -> list[dict]:
        return [c for c in self.public if c["status"] in ("failed", "error")]

    @property
    def hidden_failed(self) -> list[tuple[str, dict]]:
        if self.hidden is None:
            return []
        return [(ex["name"], t) for ex in self.hidden["exercises"] for t in ex["tests"] if t["status"] in FAILING]

    @property
    def points(self) -> tuple[float, float]:
        if self.hidden is not None:
            return float(self.hidden["score"]), float(self.hidden["max_score"])
        counted = [c for c in self.public if c["status"] != "skipped"]
        return float(self.public_passed), float(len(counted))

    @property
    def ok(self) -> bool:
        return not self.public_failed and not self.hidden_failed

    def to_json(self) -> dict:
        points, max_points = self.points
        return {
            "student": self.student, "points": points, "max_points": max_points, "passed": self.ok,
            "points_from": "hidden" if self.hidden is not None else "public",
            "exercises": self.exercises,
            "public": {"passed": self.public_passed, "total": len(self.public), "tests": self.public},
            "hidden": self.hidden, "sandbox": self.sandbox, "notes": self.notes}


def fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- running

def student_name(folder: Path) -> str:
    """The repository's name on GitHub (``org/assignment-alice`` -> ``assignment-alice``),
    else the folder's name."""
    from grader.intake.submissions import valid_student_id
    for candidate in (os.environ.get("GITHUB_REPOSITORY", "").rsplit("/", 1)[-1],
                      os.environ.get("GITHUB_ACTOR", ""), folder.resolve().name):
        if candidate and valid_student_id(candidate):
            return candidate
    return "student"


def load_config(config_path: Path | None, bundle: Path | None) -> course_config.CourseConfig:
    """``--config``, else the bundle's course.toml, else the course folder's
    (grader/course/bundle.py) but never the current folder's: a course.toml in
    the student's repository is never read, the student controls it.  Else the
    default packaged with the grader."""
    path = config_path or course_config.find_course_toml(here=False, bundle_path=bundle)
    try:
        return course_config.load(path)
    except course_config.ConfigError as e:
        raise CIError(str(e)) from None


def run_public(impl: Path, tests: Path, exercises: list[str]) -> list[dict]:
    """Each public test of ``exercises`` as {exercise, name, status, message}."""
    files = [str(tests / f"test_{e}.py") for e in exercises if (tests / f"test_{e}.py").exists()]
    if not files:
        return []
    with tempfile.TemporaryDirectory(prefix="grader-ci-") as tmp:
        xml = Path(tmp) / "junit.xml"
        env = dict(os.environ, EXERCISES_DIR=str(impl), TF_CPP_MIN_LOG_LEVEL="3",
                   PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=short",
             f"--junitxml={xml}", "-o", "junit_family=xunit1", "--rootdir", str(tests), *files],
            cwd=tmp, env=env, capture_output=True, text=True)
        if not xml.exists():
            raise CIError("the public tests could not run: " + (proc.stdout + proc.stderr)[-2000:].strip())
        return parse_junit(xml)


def read_repo(student: str, impl: Path, config: course_config.CourseConfig):
    """The repository as a submission: its top-level ``.py`` files (the
    exercises and any module of the student's they import) and notebooks,
    size-capped, each exercise's file chosen as ``grader grade`` does."""
    from grader.intake.submissions import Submission, choose_exercise_files
    sub = Submission(student, impl)
    cap = int(config.file_mb * 1024 * 1024)
    for path in sorted([*impl.glob("*.py"), *impl.glob("*.ipynb")]):
        if path.is_symlink() or not path.is_file():
            continue
        if path.stat().st_size > cap:
            sub.problems.append(f"{path.name}: over the {config.file_mb:g} MB limit, skipped")
            continue
        sub.files[path.name] = path.read_bytes()
    choose_exercise_files(sub, config.exercises)
    return sub


def run_hidden(impl: Path, bundle: Path, exercises: list[str], config, student: str, echo) -> tuple[dict, str]:
    """The student's view of the hidden suites' verdicts, and the sandbox used."""
    from grader.engine.grading import grade_one
    from grader.reports.writer import student_view
    try:
        bundle_mod.ensure_importable(bundle)
    except bundle_mod.BundleMissing as e:
        raise CIError(str(e)) from None
    result, sandbox = grade_one(read_repo(student, impl, config), config, exercises, echo)
    return student_view(result.to_json()), sandbox


def run_ci(folder: Path, *, bundle: Path | None = None, only: list[str] | None = None,
           config_path: Path | None = None, echo=print) -> CIRun:
    config = load_config(config_path, bundle)
    layout = find_layout(folder.resolve(), config.exercises)
    if layout is None:
        raise CIError(f"no exercise files with public tests in {folder}: run `grader ci` at the top of the "
                      f"repository ({example_files(config.exercises)} and tests/)")
    impl, tests = layout
    exercises = [e for e in only if e in config.exercises] if only else list(config.exercises)
    if not exercises:
        raise CIError(f"none of {', '.join(only or [])} is an exercise of the course "
                      f"({', '.join(config.exercises)})")
    with exercise_folder(impl, config.exercises) as (tested, _, notebook_notes):  # notebooks: their extracted code
        run = CIRun(student_name(impl), exercises, run_public(tested, tests, exercises))
    run.notes += notebook_notes
    if bundle is not None:
        run.hidden, run.sandbox = run_hidden(impl, bundle, exercises, config, run.student, echo)
    else:
        run.notes.append("hidden tests not run (no grading bundle: --bundle or GRADER_BUNDLE)")
    return run


# ---------------------------------------------------------------- outputs

def junit_xml(run: CIRun) -> bytes:
    """One testsuite per exercise for the public tests, one per exercise for
    the hidden tests (when they ran)."""
    root = ET.Element("testsuites", name=f"grader ci: {run.student}")
    tag = {"failed": "failure", "error": "error", "skipped": "skipped"}
    for ex in run.exercises:
        cases = [c for c in run.public if c["exercise"] == ex]
        if not cases:
            continue
        counts = Counter(c["status"] for c in cases)
        suite = ET.SubElement(root, "testsuite", name=f"public: {ex}", tests=str(len(cases)),
                              failures=str(counts["failed"]), errors=str(counts["error"]),
                              skipped=str(counts["skipped"]), time="0")
        for c in cases:
            case = ET.SubElement(suite, "testcase", classname=f"public.{ex}", name=c["name"], time="0")
            if c["status"] in tag:
                node = ET.SubElement(case, tag[c["status"]], message=c["message"], type=c["status"])
                if c["status"] != "skipped":
                    node.text = c["message"]
    if run.hidden is not None:
        from grader.reports.writer import junit
        hidden = ET.fromstring(junit(run.hidden))
        for suite in hidden.findall("testsuite"):
            name = suite.get("name", "")
            suite.set("name", f"hidden: {name}")
            for case in suite.findall("testcase"):
                case.set("classname", f"hidden.{name}")
            root.append(suite)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root.findall("testsuite"))))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def markdown(run: CIRun) -> str:
    from grader.reports.writer import md_cell
    points, max_points = run.points
    mark = "✅" if run.ok else "❌"
    source = "hidden tests" if run.hidden is not None else "public tests, one point each"
    lines = [f"## {mark} Autograder: Points {fmt(points)}/{fmt(max_points)}", "",
             f"Points from the {source}.", ""]
    hidden = {ex["name"]: ex for ex in run.hidden["exercises"]} if run.hidden is not None else {}
    lines += ["| exercise | public tests | hidden tests |", "| --- | --- | --- |"]
    for ex in run.exercises:
        cases = [c for c in run.public if c["exercise"] == ex]
        passed = sum(c["status"] == "passed" for c in cases)
        pub = f"{'✔' if passed == len(cases) else '✘'} {passed}/{len(cases)}" if cases else "none"
        if ex in hidden:
            h = hidden[ex]
            done = sum(t["status"] == "passed" for t in h["tests"])
            hid = f"{fmt(h['score'])}/{fmt(h['max_score'])} points ({done}/{len(h['tests'])} tests)"
        else:
            hid = "not run"
        lines.append(f"| {md_cell(ex)} | {pub} | {hid} |")
    failing = [(c["exercise"], "public", c["name"], c["message"]) for c in run.public_failed]
    failing += [(ex, "hidden", t["name"], (t.get("feedback") or t["status"]).splitlines()[0])
                for ex, t in run.hidden_failed]
    if failing:
        lines += ["", "### Failing tests", ""]
        for ex, kind, name, message in failing[:200]:
            lines.append(f"- **{md_cell(ex)}** ({kind}) {md_cell(name)}" + (f": {md_cell(message)}" if message else ""))
        if len(failing) > 200:
            lines.append(f"- ... and {len(failing) - 200} more")
    for note in run.notes:
        lines += ["", f"_{md_cell(note)}_"]
    return "\n".join(lines) + "\n"


def _gh_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def console_lines(run: CIRun) -> list[str]:
    hidden = {ex["name"]: ex for ex in run.hidden["exercises"]} if run.hidden is not None else {}
    out = []
    for ex in run.exercises:
        cases = [c for c in run.public if c["exercise"] == ex]
        passed = sum(c["status"] == "passed" for c in cases)
        line = f"{ex}: public {passed}/{len(cases)}"
        if ex in hidden:
            line += f", hidden {fmt(hidden[ex]['score'])}/{fmt(hidden[ex]['max_score'])} points"
        out.append(line)
        for c in cases:
            if c["status"] in ("failed", "error"):
                out.append(f"  ✘ {c['name']}" + (f": {c['message']}" if c["message"] else ""))
        for name, t in run.hidden_failed:
            if name == ex:
                first = (t.get("feedback") or t["status"]).splitlines()[0]
                out.append(f"  ✘ [hidden] {t['name']}: {first}")
    out += run.notes
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for c in run.public_failed:
            out.append(f"::error title={_gh_escape(c['exercise'] + ': ' + c['name'])}::{_gh_escape(c['message'] or c['status'])}")
    points, max_points = run.points
    out.append(f"Points {fmt(points)}/{fmt(max_points)}")
    return out


def write_outputs(run: CIRun, *, junit_path: Path | None, summary_path: Path | None,
                  results_path: Path | None) -> None:
    if junit_path is not None:
        junit_path.parent.mkdir(parents=True, exist_ok=True)
        junit_path.write_bytes(junit_xml(run))
    if results_path is not None:
        results_path.parent.mkdir(parents=True, exist_ok=True)
        results_path.write_text(json.dumps(run.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
    text = markdown(run)
    if summary_path is not None:
        summary_path.parent.mkdir(parents=True, exist_ok=True)
        summary_path.write_text(text, encoding="utf-8")
    elif os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as fh:
            fh.write(text)
