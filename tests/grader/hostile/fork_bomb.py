"""Forks until the process limit, every child forking too: killed at the
time limit, nothing left after close()."""
import os


def bomb():
    while True:
        try:
            os.fork()
        except OSError:
            pass
