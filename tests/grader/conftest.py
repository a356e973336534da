"""Fixtures for the sandbox tests: real children, real bubblewrap, real files.

``sandbox_mode`` runs a test once with bubblewrap and once with the fallback
(``GRADER_NO_BWRAP=1``); ``make_sandbox`` puts student files in a fresh
working folder and starts a ``StudentProcess`` on it.  Working folders live
directly in /tmp, like the grader's: pytest's own tmp_path is inside a 0700
folder that a child running under its own uid could not even enter.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # sandbox_helpers, in any import mode

from grader.sandbox import isolation  # noqa: E402
from sandbox_helpers import HOSTILE, Limits, Sandbox, fast_limits  # noqa: E402


def _probe(no_bwrap: bool):
    """What ``probe()`` finds with or without GRADER_NO_BWRAP=1 (the cache is
    cleared around it, so the grader's own later probe is not affected)."""
    saved = os.environ.pop("GRADER_NO_BWRAP", None)
    if no_bwrap:
        os.environ["GRADER_NO_BWRAP"] = "1"
    try:
        isolation.probe.cache_clear()
        return isolation.probe()
    finally:
        os.environ.pop("GRADER_NO_BWRAP", None)
        if saved is not None:
            os.environ["GRADER_NO_BWRAP"] = saved
        isolation.probe.cache_clear()


@pytest.fixture(scope="session")
def isolations():
    return {"bwrap": _probe(no_bwrap=False), "fallback": _probe(no_bwrap=True)}


def _mode(name: str, isolations):
    if name == "plain":
        return isolation.Isolation(bwrap=None, drop_uid=False, private_net=False)
    iso = isolations[name]
    if name == "bwrap" and not iso.bwrap:
        pytest.skip("bubblewrap is not available here: only the fallback is tested")
    assert name == "bwrap" or not iso.bwrap
    return iso


@pytest.fixture(params=["bwrap", "fallback"])
def sandbox_mode(request, isolations):
    """Each test twice: with bubblewrap, and with the fallback the grader uses
    where bubblewrap is missing.  On this machine's fallback the child still
    gets its own uid when the tests run as root."""
    return _mode(request.param, isolations)


@pytest.fixture(params=["bwrap", "fallback", "plain"])
def every_mode(request, isolations):
    """The two modes above, and the one a grader gets with neither bubblewrap
    nor root ("plain": no uid of its own, no private network).  Only tests
    whose student code is harmless even with the grader's rights use it."""
    return _mode(request.param, isolations)


@pytest.fixture
def bwrap_iso(isolations):
    if not isolations["bwrap"].bwrap:
        pytest.skip("bubblewrap is not available here")
    return isolations["bwrap"]


@pytest.fixture
def make_sandbox():
    """make_sandbox(iso, "infinite_loop", limits=...) -> Sandbox with that
    hostile module (or ``files={name: bytes}``)."""
    made = []

    def make(iso, *hostile, limits: Limits | None = None, files: dict | None = None):
        content = {f"{name}.py": (HOSTILE / f"{name}.py").read_bytes() for name in hostile}
        content.update(files or {})
        box = Sandbox(iso, limits or fast_limits(), content)
        made.append(box)
        return box

    yield make
    for box in made:
        box.close()
