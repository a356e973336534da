"""Reads the environment: its own, and every other process's it can reach."""
import os


def env():
    return dict(os.environ)


def find_everywhere(secret):
    """Every /proc/<pid>/environ readable here that holds ``secret``."""
    hits = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/environ", "rb") as fh:
                    if secret.encode() in fh.read():
                        hits.append(pid)
            except OSError:
                pass
    return hits
