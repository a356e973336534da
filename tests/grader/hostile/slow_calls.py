"""Sleeps just under the per-call limit in every call."""
import time


def nap(x):
    time.sleep(0.9)
    return x
