"""The grader: runs hidden tests in this (trusted) process against student code
that runs only in sandboxed child processes. See ../README.md and
../../shared/spec/architecture.md for the design."""

__version__ = "0.1.0"
