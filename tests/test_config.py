"""course.toml: defaults, the project's file, and clear errors."""
import pytest

from grader.course import bundle, config


def test_project_config_gives_100_points_over_six_exercises():
    cfg = config.load(config.PROJECT_ROOT / "course.toml")
    assert sorted(cfg.exercises) == bundle.suite_names(config.PROJECT_ROOT)  # each has its hidden suite
    assert sum(cfg.points.values()) == 100
    assert cfg.limits_for("keras_dnn").call_seconds > cfg.limits_for("neuron").call_seconds
    assert cfg.late.deadline is not None and cfg.late.extensions  # examples/extensions.csv


def test_bad_values_are_one_clear_sentence(tmp_path):
    bad = tmp_path / "course.toml"
    bad.write_text("[exercises]\nneuron = 10\nbackprop = 5\n")
    with pytest.raises(config.ConfigError, match="unknown exercise 'backprop'"):
        config.load(bad)
    bad.write_text("[limits]\ncall_seconds = -1\n")
    with pytest.raises(config.ConfigError, match="call_seconds must be a positive number"):
        config.load(bad)
    bad.write_text("[course]\ndeadline = 'next friday'\n")
    with pytest.raises(config.ConfigError, match="ISO 8601"):
        config.load(bad)
    bad.write_text("not = [toml")
    with pytest.raises(config.ConfigError, match="not valid TOML"):
        config.load(bad)


def test_missing_file(tmp_path):
    with pytest.raises(config.ConfigError, match="no course configuration"):
        config.load(tmp_path / "nope.toml")


def test_grade_without_the_hidden_suites_stops_with_one_sentence(tmp_path):
    import subprocess
    import sys
    (tmp_path / "subs").mkdir()
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "grade", str(tmp_path / "subs"), "--out",
                           str(tmp_path / "out"), "--quiet"], capture_output=True, text=True,
                          env={**__import__("os").environ, "GRADER_BUNDLE": str(tmp_path / "nothing")})
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("Error: no grading bundle at") and "Traceback" not in proc.stderr
