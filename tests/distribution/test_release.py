"""`grader release`: the students' folder, its workflow, its wheel, and the
leak check (real builds, real subprocesses)."""
from __future__ import annotations

import pytest
import json
import shutil
import subprocess
import sys
import zipfile

import yaml
from dist_helpers import ROOT, clean_env, grader

from grader.course import config
from grader.publish import release

pytestmark = pytest.mark.needs_notes  # its tests build a release

EXERCISES = list(config.load(ROOT / "course.toml").exercises)


def test_release_has_the_students_layout(release_dir, wheel):
    for name in EXERCISES:
        assert (release_dir / f"{name}.py").read_bytes() == (ROOT / "exercises" / f"{name}.py").read_bytes()
        assert (release_dir / "tests" / f"test_{name}.py").is_file()
    assert (release_dir / "tests" / "conftest.py").is_file()
    readme = (release_dir / "README.md").read_text()
    assert f".grader/{wheel.name}" in readme and "grader check" in readme
    names = {p.relative_to(release_dir).parts[0] for p in release_dir.rglob("*")}
    assert not names & {"reference", "solutions", "grader", "examples", "course.toml"}


def test_workflow_runs_grader_ci_on_every_push(release_dir, wheel):
    flow = yaml.safe_load((release_dir / ".github" / "workflows" / "autograde.yml").read_text())
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as True
    assert "push" in on
    steps = flow["jobs"]["autograde"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any(f".grader/{wheel.name}" in r and "pip install" in r for r in runs)
    assert any(r.startswith("grader ci") for r in runs)


def test_wheel_holds_the_grader_package_only(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"grader", next(t for t in tops if t.endswith(".dist-info"))}
    assert "grader/cli/__init__.py" in names and "grader/publish/distribution/autograde.yml" in names
    assert not any(part in ("reference", "solutions", "exercises") for n in names for part in n.split("/"))
    assert release.wheel_problems(wheel) == []


def test_a_solution_in_a_stub_fails_the_release_and_names_it(tmp_path, wheel):
    exercises = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", exercises, ignore=shutil.ignore_patterns("__pycache__"))
    solution = (ROOT / "solutions" / "dropout.py").read_text()
    # the instructor forgot to strip one function: paste the solution's early_stopping over the stub's
    start = solution.index("def early_stopping")
    stub = (exercises / "dropout.py").read_text()
    (exercises / "dropout.py").write_text(stub[:stub.index("def early_stopping")] + solution[start:])
    out = tmp_path / "release"
    proc = grader("release", out, "--exercises", exercises, "--wheel", wheel)
    assert proc.returncode != 0
    assert "LEAK dropout.py:" in proc.stderr and "solution code (solutions/dropout.py:" in proc.stderr
    assert "has the body of solutions/dropout.py: def early_stopping" in proc.stderr
    assert not out.exists()  # nothing left that could be published


def test_check_only_finds_test_names_copies_and_values(tmp_path, release_dir):
    folder = tmp_path / "published"
    shutil.copytree(release_dir, folder)
    from grader.course import bundle
    bundle.ensure_importable()
    from reference.hidden import load_suite
    name = load_suite("mlp").tests[3].name
    with (folder / "README.md").open("a") as fh:
        fh.write(f"\nHint: the grader checks '{name}'.\n")
    shutil.copy(ROOT / "reference" / "perceptron.py", folder / "tests" / "helper.py")
    proc = grader("release", folder, "--check-only")
    assert proc.returncode != 0
    assert "LEAK README.md:" in proc.stderr and "hidden test name (mlp)" in proc.stderr
    assert "LEAK tests/helper.py: a copy of reference/perceptron.py" in proc.stderr
    assert folder.is_dir()  # --check-only never deletes


def test_expected_values_of_hidden_tests_are_found():
    secrets = release.Secrets(values={"0.56275": "hidden test 'sgd_update: x' (optimizers)"})
    leaks = release.scan_text("README.md", "line one\nthe answer is 0.56275, see\n", secrets)
    assert [(l.file, l.line) for l in leaks] == [("README.md", 2)]
    assert release.scan_text("README.md", "0.562751 and 10.56275", secrets) == []
    assert release.significant_digits("0.56275") == 5 and release.significant_digits("800.0") == 1


def test_teaching_lines_in_docstrings_are_not_leaks():
    secrets = release.collect_secrets(ROOT, ROOT / "solutions")
    for name in EXERCISES:
        text = (ROOT / "exercises" / f"{name}.py").read_text()
        assert release.scan_text(f"{name}.py", text, secrets) == []
    # one solution line in a docstring is a formula; two in a row are pasted code
    body = [line.strip() for line in (ROOT / "solutions" / "neuron.py").read_text().splitlines()]
    pair = next((a, b) for a, b in zip(body, body[1:])
                if release.line_key(a) in secrets.lines and release.line_key(b) in secrets.lines)
    doc = f'def f():\n    """Do it like this::\n\n        {pair[0]}\n        {pair[1]}\n    """\n'
    assert [leak.line for leak in release.scan_text("x.py", doc, secrets)] == [4]
    assert release.scan_text("x.py", f'def f():\n    """Like::\n\n        {pair[0]}\n    """\n', secrets) == []


RUN_WITHOUT_REFERENCE = r'''
import importlib.util, json, sys
def _module(finder):
    return (finder if isinstance(finder, type) else type(finder)).__module__
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in _module(f).lower()]  # pip install -e's finder
sys.path.insert(0, SITE)
assert importlib.util.find_spec("reference") is None, "reference/ is reachable"
assert importlib.util.find_spec("solutions") is None, "solutions/ is reachable"
import grader, grader.cli
assert grader.__file__.startswith(SITE), grader.__file__
codes = {}
for argv in (["check", "neuron"], ["ci", "--only", "neuron", "--results", "ci.json"]):
    try:
        grader.cli.main(argv)
    except SystemExit as e:
        codes[argv[0]] = e.code
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("reference", "solutions"))
print(json.dumps({"codes": codes, "leaked": leaked, "tf": "tensorflow" in sys.modules}))
'''


def test_grader_check_and_ci_run_from_the_wheel_without_reference(tmp_path, student_repo, wheel):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)  # what `pip install` puts in site-packages
    shutil.copy(ROOT / "solutions" / "neuron.py", student_repo / "neuron.py")
    script = tmp_path / "run.py"
    script.write_text(f"SITE = {str(site)!r}\n" + RUN_WITHOUT_REFERENCE)
    env = clean_env()
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([sys.executable, str(script)], cwd=student_repo, capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["codes"] == {"check": 0, "ci": 0}, proc.stdout + proc.stderr
    assert report["leaked"] == [] and not report["tf"]
    result = json.loads((student_repo / "ci.json").read_text())
    assert result["passed"] and result["hidden"] is None and result["points"] == result["max_points"] > 0
