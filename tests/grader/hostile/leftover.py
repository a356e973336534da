"""Leaves processes running after the call returns: a daemon in its own session
(double fork + setsid) and a plain child.  Each runs ``sleep MARKER`` so the
test can find it in /proc.  After close() neither may be running."""
import os
import subprocess


def daemon(marker):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/usr/bin/sleep", ["sleep", marker])
        os._exit(0)
    os.waitpid(pid, 0)
    subprocess.Popen(["/usr/bin/sleep", marker], start_new_session=True)
    return "left behind"
