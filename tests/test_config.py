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


def test_exercise_tables_give_points_notes_and_limits_in_order(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text(
        "[exercises]\nperceptron = 5\n\n"
        "[exercises.neuron]\npoints = 10\n"
        'notes = [{ file = "003_fb44594f36c7507d.txt", line = 157, heading = "1.6 The Core Building Block: The Neuron" }]\n'
        "[exercises.neuron.limits]\ncall_seconds = 3\n\n"
        "[limits]\ncall_seconds = 7\nexercise_seconds = 100\n[limits.perceptron]\nexercise_seconds = 200\n")
    cfg = config.load(path)
    assert cfg.exercises == ("perceptron", "neuron") and cfg.points == {"perceptron": 5.0, "neuron": 10.0}
    assert cfg.notes_for("neuron") == (config.Passage("003_fb44594f36c7507d.txt",
                                                      "1.6 The Core Building Block: The Neuron", 157),)
    assert cfg.notes_for("perceptron") == ()
    assert cfg.limits_for("neuron").call_seconds == 3 and cfg.limits_for("perceptron").call_seconds == 7
    assert [e for e in cfg.exercises if cfg.slow(e)] == ["perceptron"]  # a longer exercise_seconds


def test_a_bad_notes_passage_is_one_sentence(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text('[exercises.neuron]\npoints = 10\nnotes = [{ file = "003_fb44594f36c7507d.txt" }]\n')
    with pytest.raises(config.ConfigError, match=r"\[exercises.neuron\].notes: each passage needs file, heading"):
        config.load(path)
    path.write_text("[exercises.neuron]\npoints = -1\n")
    with pytest.raises(config.ConfigError, match="non-negative number of points"):
        config.load(path)


def test_course_toml_is_found_by_one_rule(tmp_path, monkeypatch):
    """$GRADER_BUNDLE, else the current folder, else the project clone."""
    monkeypatch.delenv("GRADER_BUNDLE", raising=False)
    here, bundle_dir = tmp_path / "here", tmp_path / "bundle"
    for folder in (here, bundle_dir):
        folder.mkdir()
        (folder / "course.toml").write_text(f'[course]\nname = "{folder.name}"\n')
    monkeypatch.chdir(here)
    assert config.load().name == "here"
    assert config.find_course_toml(here=False) == config.PROJECT_ROOT / "course.toml"
    assert bundle.bundle_root() == config.PROJECT_ROOT  # no reference/ here: the clone's
    monkeypatch.setenv("GRADER_BUNDLE", str(bundle_dir))
    assert config.load().name == "bundle"
    with pytest.raises(bundle.BundleMissing, match="no grading bundle at"):
        bundle.bundle_root()


def test_only_accepts_the_exercises_of_the_course_read(tmp_path):
    """--only is checked against the course.toml the command reads (--config,
    wherever it stands on the command line), with click's usual message."""
    from click.testing import CliRunner

    from grader.cli import main
    (tmp_path / "subs").mkdir()
    path = tmp_path / "course.toml"
    path.write_text("[exercises]\nneuron = 10\n")
    run = CliRunner().invoke(main, ["grade", str(tmp_path / "subs"), "--only", "perceptron", "--config", str(path)])
    assert run.exit_code == 2
    assert "Invalid value for '--only': 'perceptron' is not 'neuron'." in run.output
    run = CliRunner().invoke(main, ["grade", "--help"])
    assert f"--only [{'|'.join(config.load().exercises)}]" in run.output  # the course folder's
