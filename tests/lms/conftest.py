"""The LMS round-trip tests import their download builders from downloads.py."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
