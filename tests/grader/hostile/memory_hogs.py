"""A fork bomb of memory hogs: each process stays under the per-process
address-space limit, together they would take several times the memory."""
import os
import time


def hogs(count=6, mb=120):
    for _ in range(count):
        try:
            if os.fork() == 0:
                os.setsid()  # out of the process group, as a daemon would
                hoard = bytearray(mb << 20)
                for i in range(0, len(hoard), 4096):
                    hoard[i] = 1
                time.sleep(600)
                os._exit(0)
        except OSError:
            pass
    time.sleep(600)
