"""Prints tens of megabytes: the output kept is capped, the grader is fine."""
import sys


def flood(mb=50):
    line = "spam " * 200 + "\n"
    for _ in range(mb * 1024 * 1024 // len(line)):
        sys.stdout.write(line)
    sys.stderr.write("and stderr too\n")
    return 1


def endless():
    while True:
        print("spam " * 200)
