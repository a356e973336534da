"""Looks for the reference, the solutions and the hidden tests: by import,
by path, and by walking the whole filesystem."""
import importlib
import os

SKIP = ("/proc", "/sys", "/dev", "/usr")


def try_import(name):
    try:
        importlib.import_module(name)
        return "imported"
    except BaseException as e:  # noqa: BLE001
        return type(e).__name__


def try_read(path):
    try:
        with open(path, "rb") as fh:
            return fh.read(100)
    except OSError as e:
        return type(e).__name__


def walk(skip=()):
    """Every directory and file visible, except the system and ``skip``."""
    seen = []
    for root, dirs, files in os.walk("/"):
        if root.startswith(SKIP + tuple(skip)):
            dirs[:] = []
            continue
        seen += [os.path.join(root, d) + "/" for d in dirs]
        seen += [os.path.join(root, f) for f in files]
    return seen
