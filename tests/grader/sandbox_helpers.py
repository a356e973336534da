"""Helpers of the sandbox tests (a module of its own, not conftest, so that
test files can import them whatever else pytest collects)."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from grader.sandbox.client import Student
from grader.sandbox.isolation import Limits
from grader.sandbox.process import ChildFailure, ChildTimeout, StudentError, StudentProcess

HOSTILE = Path(__file__).parent / "hostile"
# Far from the slots (0, 1, 2, ...) that grader runs on this machine prefer;
# claim_uid moves on if another test run holds it.
TEST_SLOT = 300
CALL_SECONDS = 1.5


def fast_limits(**changes) -> Limits:
    base = dict(call_seconds=CALL_SECONDS, cpu_seconds=30, memory_mb=1024, processes=32,
                file_size_mb=4, open_files=64, output_kb=16, files_kb=1024)
    return Limits(**{**base, **changes})


class Sandbox:
    """One student's working folder and the child serving it."""

    def __init__(self, iso, limits: Limits, files: dict[str, bytes]):
        self.workdir = tempfile.mkdtemp(prefix="grader-test-")
        for name, data in files.items():
            Path(self.workdir, name).write_bytes(data)
            os.chmod(Path(self.workdir, name), 0o644)
        self.iso = iso
        self.process = StudentProcess(self.workdir, iso, limits, slot=TEST_SLOT)
        self.student = Student(self.process, limits.call_seconds)

    def call(self, module: str, func: str, *args, **kwargs):
        value, _ = self.student.call(module, func, args, kwargs)
        return value

    def outcome(self, module: str, func: str | None, *args):
        """("ok", value) or (kind, one-line message) with kind one of
        "error" (the student's exception), "timeout", "failure"; ``func``
        None imports the module."""
        try:
            if func is None:
                return "ok", self.student.import_module(module)
            return "ok", self.call(module, func, *args)
        except StudentError as e:
            return "error", str(e)
        except ChildTimeout as e:
            return "timeout", str(e)
        except ChildFailure as e:
            return "failure", str(e)

    def close(self):
        self.process.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


# ---------------------------------------------------------------- /proc

def processes_of_uid(uid: int) -> list[int]:
    """Live (non-zombie) processes whose real uid is ``uid``, read here
    independently of the code under test."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields["Uid"].split()[0] == str(uid) and fields["State"].split()[0] not in ("Z", "X"):
            found.append(int(pid))
    return found


def processes_with(marker: str) -> list[int]:
    """Live processes whose command line contains ``marker``."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker.encode() in cmdline and state not in ("Z", "X"):
            found.append(int(pid))
    return found


def wait_until(check, seconds: float = 1.0):
    """``check()``'s last value, polled until it is falsy or time is up (the
    kernel tears a killed process down asynchronously)."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if not value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)
