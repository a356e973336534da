"""Throws away sys.stdout and sys.stderr at import: the child keeps serving."""
import sys

sys.stdout = None
sys.stderr = None


def answer():
    print("nobody hears this")
    return 42
