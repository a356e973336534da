"""os._exit at import time: the child is gone; "exited with code 5"."""
import os

os._exit(5)
