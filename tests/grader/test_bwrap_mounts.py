"""bubblewrap applies mounts in order: a Python or virtual environment under
/tmp (a project cloned into /tmp) must be bound after the scratch /tmp, or
the scratch hides it and the sandbox cannot start."""
import shutil
import subprocess
import sys

import pytest

from grader.sandbox import isolation


def test_scratch_tmp_comes_before_python_paths_under_tmp(monkeypatch, tmp_path):
    venv = "/tmp/some-clone/.venv"
    monkeypatch.setattr(isolation, "_python_paths", lambda: [venv])
    cmd = isolation.bwrap_prefix("/usr/bin/bwrap", str(tmp_path))
    tmpfs = max(i for i in range(len(cmd) - 1) if cmd[i] == "--tmpfs" and cmd[i + 1] == "/tmp")
    bind = next(i for i in range(len(cmd) - 2) if cmd[i] == "--ro-bind" and cmd[i + 1] == venv)
    assert tmpfs < bind


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_a_python_under_tmp_runs_in_the_sandbox(tmp_path, monkeypatch):
    """A real venv in tmp_path (under /tmp), started through the real command line."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    original = isolation._python_paths()
    monkeypatch.setattr(isolation, "_python_paths", lambda: sorted({str(venv), *original}))
    work = tmp_path / "work"
    work.mkdir()
    (work / "hello.py").write_text("print('hello from', __import__('sys').prefix)\n")
    cmd = isolation.bwrap_prefix(shutil.which("bwrap"), str(work)) + [python, "-I", "hello.py"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"hello from {venv}" in out.stdout


@pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
def test_installed_bubblewrap_is_actually_used(monkeypatch):
    """Where bwrap is installed (CI installs it), the probe must find it
    working: otherwise every bubblewrap test would silently skip."""
    monkeypatch.delenv("GRADER_NO_BWRAP", raising=False)
    isolation.probe.cache_clear()
    try:
        assert isolation.probe().bwrap, isolation.probe().describe()
    finally:
        isolation.probe.cache_clear()
