"""The limits of one sandboxed child, as course.toml sets them.

Apart from ``isolation`` (which needs Linux-only modules such as
``resource``) so that reading the course configuration, and with it the
student commands (``grader check``, ``grader ci``), works on macOS and
Windows, where nothing is sandboxed.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-child resource limits (from course.toml's [limits] tables).

    ``files_kb`` is the size of each scratch space a bubblewrapped child may
    write (/tmp, and new files in its working folder); it lives in memory, so
    it is small."""

    call_seconds: float = 10.0
    exercise_seconds: float = 180.0   # all tests of one exercise, wall clock
    cpu_seconds: int = 120
    memory_mb: int = 2048
    processes: int = 64
    file_size_mb: int = 16
    open_files: int = 256
    output_kb: int = 64
    files_kb: int = 4096
    # Modules the child imports as soon as it starts (e.g. tensorflow), so a
    # child started early has them ready by the time its first test runs.
    preload: tuple = ()
