"""Sends SIGKILL to the process that started it: the grader survives."""
import os
import signal


def kill_parent():
    try:
        os.kill(os.getppid(), signal.SIGKILL)
        return "killed"
    except OSError as e:
        return type(e).__name__
