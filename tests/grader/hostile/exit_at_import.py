"""sys.exit at import time: an error for every test, not a dead grader."""
import sys

sys.exit(0)
