import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # quiz_helpers, gift_reader, in any import mode

from quiz_helpers import ROOT, SMALL_BANK  # noqa: E402

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader.quiz import load_bank  # noqa: E402


@pytest.fixture(scope="session")
def bank():
    return load_bank()


@pytest.fixture()
def small_bank_path(tmp_path):
    p = tmp_path / "bank"
    p.mkdir()
    (p / "small.yaml").write_text(SMALL_BANK, encoding="utf-8")
    return p


@pytest.fixture()
def small_bank(small_bank_path):
    return load_bank(small_bank_path)
