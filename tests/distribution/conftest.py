"""Fixtures of the distribution tests: one real release (and its grader
wheel) built once per session through the real command line, shared by the
release, ci and Gradescope tests."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # dist_helpers, in any import mode

from dist_helpers import grader  # noqa: E402


@pytest.fixture(scope="session")
def release_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "course"
    proc = grader("release", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Leak check passed" in proc.stdout
    return out


@pytest.fixture(scope="session")
def wheel(release_dir) -> Path:
    wheels = sorted((release_dir / ".grader").glob("*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.fixture
def student_repo(release_dir, tmp_path) -> Path:
    """A student's repository: a copy of the release (stubs until replaced)."""
    repo = tmp_path / "repo"
    shutil.copytree(release_dir, repo)
    return repo
