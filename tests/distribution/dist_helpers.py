"""Helpers of the distribution tests (imported by name: conftest.py files
of several folders cannot be)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GRADER = [sys.executable, "-m", "grader.cli"]
VENV_BIN = Path(sys.executable).parent


def clean_env(**extra) -> dict:
    """This environment without the variables the commands read; this
    checkout's grader first on the path, whatever the current folder."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("GRADER_BUNDLE", "GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "AUTOGRADER_ROOT")}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def grader(*args, cwd=None, env=None, timeout=600):
    """Run the real `grader` command; returns the CompletedProcess."""
    return subprocess.run([*GRADER, *map(str, args)], capture_output=True, text=True, cwd=cwd or ROOT,
                          env=clean_env(**(env or {})), timeout=timeout)
