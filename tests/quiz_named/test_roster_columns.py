"""The quiz roster may carry more columns (name, email, LMS ids): the quiz reads
student and token and ignores the rest."""
from grader.quiz import load_roster


def test_extra_roster_columns_are_ignored(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,email,token,canvas_id\n"
                      "ada,Ada L,ada@example.org,tok-ada-1,1001\n"
                      "bob,Bob,,tok-bob-2,\n", encoding="utf-8")
    assert load_roster(roster) == {"tok-ada-1": "ada", "tok-bob-2": "bob"}
