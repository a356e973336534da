"""Returns objects that would run code if the grader unpickled them."""
import io
import json
import os
import struct
import sys

import numpy as np


class Evil:
    def __init__(self, marker=""):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


class Sub(np.ndarray):
    """An ndarray subclass: pickling it would call the class's own code."""


def evil(marker):
    return Evil(marker)


def subclass():
    return np.arange(3.0).view(Sub)


def object_array(marker):
    return np.array([Evil(marker)], dtype=object)


def forged_pickle(marker):
    """Write a reply by hand whose array buffer is a pickle."""
    buf = io.BytesIO()
    np.save(buf, np.array([Evil(marker)], dtype=object), allow_pickle=True)
    payload = buf.getvalue()
    header = json.dumps({"ok": True, "result": {"t": "nd", "i": 0}, "mutated": [],
                         "buffers": [len(payload)]}).encode()
    os.write(int(sys.argv[2]), struct.pack(">I", len(header)) + header + payload)
    return 0
