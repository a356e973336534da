"""Dereferences NULL through ctypes: "crashed with a segmentation fault"."""
import ctypes


def crash():
    return ctypes.string_at(0)


def answer():
    return 42
