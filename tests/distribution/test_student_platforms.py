"""The student's side works on any laptop: the wheel `grader release` ships
resolves on macOS (Apple silicon) and Windows, and the student commands
(`check`, `ci`, the notebooks' checks) import and run without the Linux-only
modules the sandbox needs."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import zipfile

import pytest
from dist_helpers import ROOT, clean_env

pytestmark = pytest.mark.needs_notes  # its tests build a release

LINUX_ONLY = ("resource", "fcntl", "termios", "pwd", "grp")

# pip's --platform picks wheels for another platform, but it evaluates the
# environment markers of requirements (``; platform_machine == ...``) for the
# machine it runs on.  To resolve as on the target, this runs pip with
# packaging's marker environment set to the target's values.
PIP_AS = r'''
import runpy, sys
target = dict(item.split("=", 1) for item in sys.argv[1].split(","))
sys.argv = ["pip", *sys.argv[2:]]
import pip._vendor.packaging.markers as markers
_default = markers.default_environment
markers.default_environment = lambda: {**_default(), **target}
runpy.run_module("pip", run_name="__main__", alter_sys=True)
'''

PLATFORMS = {
    "macOS arm64": ("macosx_12_0_arm64", "sys_platform=darwin,platform_machine=arm64,platform_system=Darwin,"
                    "os_name=posix", "tensorflow"),
    "Windows x86-64": ("win_amd64", "sys_platform=win32,platform_machine=AMD64,platform_system=Windows,os_name=nt",
                       "tensorflow-cpu"),
}


def pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


def test_tensorflow_comes_by_environment_markers(wheel):
    from packaging.requirements import Requirement
    with zipfile.ZipFile(wheel) as zf:
        meta = next(zf.read(n).decode() for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
    reqs = [Requirement(line.split(":", 1)[1].strip()) for line in meta.splitlines()
            if line.startswith("Requires-Dist:") and "tensorflow" in line]
    base = {"python_version": "3.11", "python_full_version": "3.11.7", "extra": ""}
    for machine, system, expected in (("x86_64", "linux", "tensorflow-cpu"), ("AMD64", "win32", "tensorflow-cpu"),
                                      ("arm64", "darwin", "tensorflow"), ("aarch64", "linux", "tensorflow"),
                                      ("x86_64", "darwin", "tensorflow-cpu")):
        env = {**base, "platform_machine": machine, "sys_platform": system}
        chosen = [r.name for r in reqs if r.marker is None or r.marker.evaluate(env)]
        assert chosen == [expected], (machine, system, chosen)


@pytest.mark.skipif(not pypi_reachable(), reason="needs PyPI (pypi.org:443) to resolve the wheel's dependencies")
def test_the_student_wheel_resolves_on_macos_arm64_and_windows(wheel, tmp_path):
    script = tmp_path / "pip_as.py"
    script.write_text(PIP_AS)
    runs = {}
    for label, (platform, markers, _) in PLATFORMS.items():
        report = tmp_path / f"{platform}.json"
        runs[label] = (report, subprocess.Popen(
            [sys.executable, str(script), markers, "install", "--dry-run", "--ignore-installed", "--quiet",
             "--platform", platform, "--python-version", "3.11", "--only-binary=:all:",
             "--report", str(report), str(wheel)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1")))
    for label, (report, proc) in runs.items():
        output, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{label}: {output[-3000:]}"
        names = {item["metadata"]["name"].lower().replace("_", "-") for item in json.loads(report.read_text())["install"]}
        expected = PLATFORMS[label][2]
        assert {"dl-grader", expected, "numpy", "pytest", "nbformat"} <= names, (label, sorted(names))
        assert ({"tensorflow", "tensorflow-cpu"} - {expected}).isdisjoint(names), (label, sorted(names))


BLOCKED_RUN = r'''
import importlib.abc, json, sys
BLOCKED = set(sys.argv[1].split(","))

class NotOnThisPlatform(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, NotOnThisPlatform())
for name in BLOCKED:
    sys.modules.pop(name, None)
from grader.cli import main
codes = {}
for argv in (["check", "neuron"], ["ci", "--only", "neuron", "--only", "perceptron", "--only", "mlp", "--junit", "junit.xml",
                                   "--summary", "summary.md", "--results", "ci.json"]):
    try:
        main(argv)
    except SystemExit as e:
        codes[argv[0]] = e.code
from grader.publish.notebook_checks import run_checks
namespace = {}
exec(open("neuron.py").read(), namespace)
report = run_checks("neuron", "sigmoid", namespace)
loaded = sorted(m for m in BLOCKED | {"grader.sandbox.isolation", "grader.sandbox.process"} if m in sys.modules)
print(json.dumps({"codes": codes, "loaded": loaded, "sigmoid": [o.status for o in report.outcomes]}))
'''


def test_student_commands_run_without_linux_only_modules(student_repo, tmp_path, make_notebook):
    (student_repo / "neuron.py").write_bytes((ROOT / "solutions" / "neuron.py").read_bytes())
    (student_repo / "perceptron.py").unlink()
    (student_repo / "perceptron.ipynb").write_bytes(make_notebook(
        [(ROOT / "solutions" / "perceptron.py").read_text(), "print('trained')"]))
    script = tmp_path / "blocked.py"
    script.write_text(BLOCKED_RUN)
    proc = subprocess.run([sys.executable, str(script), ",".join(LINUX_ONLY)], cwd=student_repo,
                          capture_output=True, text=True, timeout=600, env=clean_env(PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["loaded"] == []  # neither the Linux-only modules nor the sandbox were imported
    assert result["codes"]["check"] == 0, proc.stdout[-3000:]
    assert result["codes"]["ci"] == 1  # mlp is still a stub: its public tests fail
    ci = json.loads((student_repo / "ci.json").read_text())
    by_exercise = {}
    for case in ci["public"]["tests"]:
        by_exercise.setdefault(case["exercise"], set()).add(case["status"])
    assert by_exercise["neuron"] == {"passed"} and by_exercise["perceptron"] == {"passed"}  # the notebook
    assert result["sigmoid"] and set(result["sigmoid"]) == {"passed"}
