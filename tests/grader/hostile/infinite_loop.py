"""Hangs: the call is killed at the time limit and the next call gets a fresh child."""


def spin():
    while True:
        pass


def answer():
    return 42
