"""Data files of the distribution commands (``grader release``, ``grader ci``,
``grader gradescope-bundle``): the students' README and GitHub Actions
workflow, Gradescope's ``setup.sh`` and ``run_autograder``.  The grader's
wheel also carries ``course.toml`` here: the course configuration a student's
repository runs with, written into the wheel by ``grader release`` from the
course's own (see ``grader.course.config.packaged_toml``).

Templates use ``@NAME@`` placeholders (not ``$`` or braces, which GitHub
Actions expressions and shell scripts use themselves)."""
from __future__ import annotations

import re
from importlib import resources

_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")


def read(name: str) -> str:
    """The text of one data file of this package."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def path(name: str):
    """A path-like handle to one data file (``importlib.resources``)."""
    return resources.files(__name__).joinpath(name)


def render(name: str, **values: str) -> str:
    """``name`` with every ``@KEY@`` replaced by ``values[KEY.lower()]``; an
    unknown placeholder is an error, so a template never ships half-filled."""
    text = read(name)

    def sub(m):
        key = m.group(1).lower()
        if key not in values:
            raise KeyError(f"{name}: no value for @{m.group(1)}@")
        return str(values[key])

    return _PLACEHOLDER.sub(sub, text)
