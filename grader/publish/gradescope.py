"""``grader gradescope-bundle OUT.zip``: a Gradescope autograder, and
``grader gradescope-run``: what it runs for each submission.

The zip (instructor-side: it goes to Gradescope's servers, never to
students) holds at its top::

    setup.sh            installs Python 3.11+, bubblewrap and the grader wheel;
                        links `grader` into /usr/local/bin
    run_autograder      grader gradescope-run on $AUTOGRADER_ROOT (default /autograder)
    dl_grader-*.whl     the grader package (grader/ only)
    course.toml         the course's points, late policy and sandbox limits
                        (``--only``: just those exercises)
    extensions.csv      when the course grants extensions
    reference/          the oracle and the hidden suites (no mutants, no quiz)

Gradescope unpacks it into /autograder/source, runs setup.sh once, copies
run_autograder to /autograder and runs it for every submission, which is in
/autograder/submission with its metadata in
/autograder/submission_metadata.json; the results go to
/autograder/results/results.json, in Gradescope's schema
(:func:`grader.reports.writer.gradescope`).  The submission's code runs in
the grader's sandbox, the hidden tests in the grader's process, exactly as
in ``grader grade``.

The submission time comes from Gradescope's metadata only: timestamp files
a student uploads are ignored (they would let a late student claim any time).
"""
from __future__ import annotations

import json
import os
import tempfile
import traceback
import zipfile
from dataclasses import fields
from pathlib import Path

import tomli_w

from grader.course import config as course_config
from grader.publish import distribution
from grader.course.config import CourseConfig
from grader.publish.release import ReleaseError, obtain_wheel
from grader.sandbox.isolation import Limits

EXECUTABLE = 0o100755 << 16
FILE = 0o100644 << 16
REFERENCE_SKIP = {"__pycache__", "mutants", "quiz"}


class BundleError(Exception):
    """The autograder zip could not be built (one sentence)."""


# ---------------------------------------------------------------- course.toml

def _limits_table(limits: Limits, only=None) -> dict:
    """A [limits] table: every field, or those named in ``only``; tuples as TOML arrays."""
    return {f.name: list(v) if isinstance(v := getattr(limits, f.name), tuple) else v
            for f in fields(Limits) if only is None or f.name in only}


def course_toml(config: CourseConfig, exercises: list[str], extensions_file: str | None) -> str:
    """``config`` as course.toml text, for ``exercises`` only (written by tomli-w)."""
    course = {"name": config.name}
    if config.late.deadline is not None:
        course["deadline"] = config.late.deadline.isoformat()   # text, as course.toml has it
    late = {"grace_minutes": float(config.late.grace_minutes),
            "percent_per_day": float(config.late.percent_per_day)}
    if config.late.cutoff_days is not None:
        late["cutoff_days"] = float(config.late.cutoff_days)
    if extensions_file:
        late["extensions"] = extensions_file
    limits = _limits_table(config.limits) | {"submission_mb": float(config.submission_mb),
                                             "file_mb": float(config.file_mb)}
    for e in exercises:
        own = config.exercise_limits.get(e)
        if own is not None:
            diff = {f.name for f in fields(Limits) if getattr(own, f.name) != getattr(config.limits, f.name)}
            if diff:
                limits[e] = _limits_table(own, diff)
    data = {"course": course, "late": late,
            "exercises": {e: float(config.points[e]) for e in exercises}, "limits": limits}
    return "# Written by `grader gradescope-bundle`.\n\n" + tomli_w.dumps(data)


def extensions_csv(extensions: dict[str, float]) -> str:
    import csv
    import io
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student", "extra_days"])
    for student, days in sorted(extensions.items()):
        writer.writerow([student, repr(float(days))])
    return buf.getvalue()


def _same_course(a: CourseConfig, b: CourseConfig, exercises: list[str]) -> bool:
    return (a.name == b.name and a.points == {e: b.points[e] for e in exercises} and a.limits == b.limits
            and all(a.limits_for(e) == b.limits_for(e) for e in exercises) and a.late == b.late
            and a.submission_mb == b.submission_mb and a.file_mb == b.file_mb)


# ---------------------------------------------------------------- the zip

def build_bundle(out: Path, config: CourseConfig, bundle_root: Path, *, only: list[str] | None = None,
                 wheel: Path | None = None, echo=print) -> dict:
    """Write the autograder zip; returns what it holds (for the summary)."""
    exercises = [e for e in config.exercises if not only or e in only]
    if not exercises:
        raise BundleError(f"none of {', '.join(only or [])} is an exercise of the course "
                          f"({', '.join(config.exercises)})")
    reference = bundle_root / "reference"
    if not (reference / "hidden" / "__init__.py").is_file():
        raise BundleError(f"no grading bundle at {bundle_root} (expected reference/hidden/)")
    with tempfile.TemporaryDirectory(prefix="grader-gradescope-") as tmp:
        try:
            wheel_path = obtain_wheel(Path(tmp) / "wheel", wheel, config)
        except ReleaseError as e:
            raise BundleError(str(e)) from None
        ext_name = "extensions.csv" if config.late.extensions else None
        toml_text = course_toml(config, exercises, ext_name)
        check_dir = Path(tmp) / "check"
        check_dir.mkdir()
        (check_dir / "course.toml").write_text(toml_text, encoding="utf-8")
        if ext_name:
            (check_dir / ext_name).write_text(extensions_csv(config.late.extensions), encoding="utf-8")
        try:
            written = course_config.load(check_dir / "course.toml")
        except course_config.ConfigError as e:
            raise BundleError(f"the course.toml written for Gradescope does not load: {e}") from None
        if not _same_course(written, config, exercises):
            raise BundleError("the course.toml written for Gradescope does not say what the course's does")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.partial")
        members = []
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            def add(name: str, data: bytes, mode: int = FILE):
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = mode
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
                members.append(name)

            values = {"wheel": wheel_path.name, "python_version": "3.11"}
            add("setup.sh", distribution.render("setup.sh", **values).encode(), EXECUTABLE)
            add("run_autograder", distribution.render("run_autograder", **values).encode(), EXECUTABLE)
            add(wheel_path.name, wheel_path.read_bytes())
            add("course.toml", toml_text.encode())
            if ext_name:
                add(ext_name, extensions_csv(config.late.extensions).encode())
            for path in sorted(reference.rglob("*")):
                rel = path.relative_to(bundle_root)
                if any(part in REFERENCE_SKIP for part in rel.parts) or path.suffix in (".pyc", ".pyo"):
                    continue
                if path.is_file() and not path.is_symlink():
                    add(rel.as_posix(), path.read_bytes())
        os.replace(partial, out)
    echo(f"Wrote {out}: setup.sh, run_autograder, {wheel_path.name}, course.toml "
         f"({', '.join(exercises)}), reference/ ({sum(m.startswith('reference/') for m in members)} files)")
    return {"exercises": exercises, "wheel": wheel_path.name, "members": members}


# ---------------------------------------------------------------- on Gradescope

def student_from_metadata(metadata: dict) -> str:
    """The first submitter's SID, else e-mail, else ``submission`` (the id the
    extensions CSV is keyed by on Gradescope)."""
    from grader.intake.submissions import valid_student_id
    users = metadata.get("users") if isinstance(metadata, dict) else None
    if isinstance(users, list) and users and isinstance(users[0], dict):
        for key in ("sid", "email", "name"):
            value = str(users[0].get(key) or "").strip()
            if value and valid_student_id(value):
                return value
    return "submission"


def trusted_time(sub, metadata_bytes: bytes | None) -> None:
    """The submission time from Gradescope's metadata only: any timestamp or
    metadata file inside the submission is the student's and is dropped."""
    from grader.intake.submissions import GRADESCOPE_METADATA, TIMESTAMP_FILES, submission_time
    dropped = [rel for rel in sub.files if rel.rsplit("/", 1)[-1] in (*TIMESTAMP_FILES, GRADESCOPE_METADATA)]
    for rel in dropped:
        del sub.files[rel]
    if dropped:
        sub.problems.append(f"ignored {', '.join(sorted(dropped))}: the submission time comes from Gradescope")
    sub.submitted_at, sub.time_source = None, ""
    if metadata_bytes:
        when, _ = submission_time({GRADESCOPE_METADATA: metadata_bytes})
        if when is not None:
            sub.submitted_at, sub.time_source = when, "Gradescope's submission metadata"


def _atomic_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def gradescope_run(submission: Path, metadata: Path | None, bundle: Path, config_path: Path,
                   results: Path, echo=print) -> int:
    """Grade one Gradescope submission into ``results`` (results.json)."""
    try:
        from grader.course import bundle as bundle_mod
        bundle_mod.ensure_importable(bundle)
        config = course_config.load(config_path)
        meta_bytes = metadata.read_bytes() if metadata is not None and metadata.is_file() else None
        try:
            meta = json.loads(meta_bytes) if meta_bytes else {}
        except ValueError:
            meta = {}
        from grader.engine.grading import grade_one
        from grader.intake.submissions import read_folder
        from grader.reports.writer import gradescope, student_view
        if not submission.is_dir():
            raise FileNotFoundError(f"no submission folder at {submission}")
        sub = read_folder(student_from_metadata(meta), submission, config.file_mb, config.submission_mb,
                          config.exercises)
        trusted_time(sub, meta_bytes)
        result, _ = grade_one(sub, config, list(config.exercises), echo)
        data = gradescope(student_view(result.to_json()), result.to_record(), config.exercises)
    except Exception as e:  # noqa: BLE001 - Gradescope must get a results.json that says what happened
        traceback.print_exc()
        _atomic_json(results, {
            "score": 0.0, "visibility": "visible", "tests": [],
            "output": f"The autograder could not grade this submission ({type(e).__name__}: {e}). "
                      "Please tell your instructor."})
        return 1
    _atomic_json(results, data)
    echo(f"Score {data['score']:g} / {result.max_score:g}; wrote {results}")
    return 0


def default_root() -> Path:
    return Path(os.environ.get("AUTOGRADER_ROOT") or "/autograder")
