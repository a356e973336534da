"""Ignores SIGTERM, SIGINT and SIGHUP, then hangs: still killed at the time limit."""
import signal

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(sig, signal.SIG_IGN)


def spin():
    while True:
        pass
