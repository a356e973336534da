"""Answers the import with a forged reply, then never reads again: a large
request must not block the grader on a full pipe."""
import os
import struct
import sys
import time

_reply = b'{"ok":true,"result":null,"mutated":[],"buffers":[]}'
os.write(int(sys.argv[2]), struct.pack(">I", len(_reply)) + _reply)
time.sleep(60)
