import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # named_quiz_helpers, in any import mode

from named_quiz_helpers import Clock, bank_and_quizzes  # noqa: E402

from grader.quiz import QuizStore  # noqa: E402
from grader.quiz.sittings import QuizService  # noqa: E402


@pytest.fixture(scope="session")
def bank_quizzes(tmp_path_factory):
    return bank_and_quizzes(tmp_path_factory.mktemp("named") / "bank")


@pytest.fixture(scope="session")
def bank(bank_quizzes):
    return bank_quizzes[0]


@pytest.fixture(scope="session")
def quizzes(bank_quizzes):
    return bank_quizzes[1]


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(bank, quizzes, clock, tmp_path):
    return QuizService(bank, QuizStore(tmp_path / "gradebook.db"), quizzes, clock=clock)
