"""The grader run by a real non-root user that this test creates (CI runs as
root): without a sandbox it refuses to run student code, says why and how to
fix it, and runs only with an explicit --unsafe-no-sandbox.

The user cannot enter /root, where this machine's Python may live: the
commands run in a private mount namespace where /root holds only that
Python installation (readable, as on a normal machine)."""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = b'''
import os, pwd
home = pwd.getpwuid(os.getuid()).pw_dir
with open(os.path.join(home, ".bashrc"), "a") as fh:
    fh.write("echo pwned by a student\\n")
'''


@pytest.fixture(scope="module")
def user():
    if os.geteuid() != 0 or not shutil.which("useradd"):
        pytest.skip("creating a user needs root and useradd")
    name = f"grnr{uuid.uuid4().hex[:8]}"
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", name], check=True, capture_output=True)
    try:
        yield pwd.getpwnam(name)
    finally:
        subprocess.run(["userdel", "--remove", name], capture_output=True)


@pytest.fixture
def klass(user):
    base = Path(tempfile.mkdtemp(prefix="grader-nr-"))
    os.chmod(base, 0o755)
    (base / "subs" / "ann").mkdir(parents=True)
    source = (ROOT / "solutions" / "neuron.py").read_bytes() + HOSTILE
    (base / "subs" / "ann" / "neuron.py").write_bytes(source)
    for path in [base, *base.rglob("*")]:
        os.chown(path, user.pw_uid, user.pw_gid)
    bashrc = Path(user.pw_dir, ".bashrc")
    bashrc.write_text("# the user's own\n")
    os.chown(bashrc, user.pw_uid, user.pw_gid)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def run_as(user, *args, env=None):
    """``python -m grader.cli ARGS`` as ``user``, from this worktree."""
    python_home = sys.base_prefix if sys.base_prefix.startswith("/root/") else None
    keep = tempfile.mkdtemp(prefix="grader-nr-python-")
    env_args = [f"{k}={v}" for k, v in {"HOME": user.pw_dir, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                                         **(env or {})}.items()]
    command = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", "--",
               "env", "-i", *env_args, sys.executable, "-m", "grader.cli", *map(str, args)]
    script = "set -e\n"
    if python_home:  # only the Python installation of /root, readable by others
        script += (f"mount --bind {python_home} {keep}\nmount -t tmpfs -o mode=755 tmpfs /root\n"
                   f"mkdir -p {python_home}\nmount --bind {keep} {python_home}\n")
    script += 'exec "$@"\n'
    try:
        return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                               *command], capture_output=True, text=True, cwd=ROOT, timeout=600)
    finally:
        os.rmdir(keep)


def test_without_a_sandbox_grade_and_validate_refuse_with_the_reason_and_the_fix(user, klass):
    out = klass / "out"
    run = run_as(user, "grade", klass / "subs", "--out", out, "--only", "neuron", "--quiet",
                 env={"GRADER_NO_BWRAP": "1"})
    assert run.returncode != 0
    message = " ".join(run.stderr.split())
    assert "refusing to run student code without a sandbox: bubblewrap is turned off by GRADER_NO_BWRAP=1" \
        in message, run.stderr
    for fix in ("installing bubblewrap", "unprivileged user namespaces", "as root", "container",
                "--unsafe-no-sandbox"):
        assert fix in message
    assert "Traceback" not in run.stderr
    assert Path(user.pw_dir, ".bashrc").read_text() == "# the user's own\n"
    assert not (out / "gradebook.db").exists()
    run = run_as(user, "validate", "--only", "neuron", "--no-quiz", env={"GRADER_NO_BWRAP": "1"})
    assert run.returncode != 0 and "refusing to run student code without a sandbox" in run.stderr


def test_with_consent_it_runs_and_says_it_is_unsafe(user, klass):
    out = klass / "out"
    run = run_as(user, "grade", klass / "subs", "--out", out, "--only", "neuron", "--quiet",
                 "--unsafe-no-sandbox", env={"GRADER_NO_BWRAP": "1"})
    assert run.returncode == 0, run.stderr
    assert "same user id as the grader" in run.stderr.splitlines()[0]
    assert (out / "ann" / "result.json").is_file()


def test_with_bubblewrap_a_non_root_user_grades_sandboxed_or_is_told_what_to_fix(user, klass):
    out = klass / "out"
    run = run_as(user, "grade", klass / "subs", "--out", out, "--only", "neuron", "--quiet")
    if run.returncode == 0:
        assert run.stderr.splitlines()[0].startswith("sandbox: bubblewrap")
        assert Path(user.pw_dir, ".bashrc").read_text() == "# the user's own\n"  # its home is not in view
        assert (out / "ann" / "result.json").is_file()
    else:
        assert "refusing to run student code without a sandbox: bubblewrap" in run.stderr
