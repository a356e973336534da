"""The ``grader`` command (fixed interface: architecture.md)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import config as course_config

EXERCISE_CHOICE = click.Choice(course_config.EXERCISES)


def _load_config(path):
    try:
        return course_config.load(path)
    except course_config.ConfigError as e:
        raise click.ClickException(str(e)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dl-grader")
def main():
    """Auto-grader for the deep-learning fundamentals course: hidden tests in
    this process, student code in sandboxed child processes."""


@main.command()
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Output folder (reports, gradebook.db, gradebook.csv).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Submissions graded in parallel.")
@click.option("--only", multiple=True, type=EXERCISE_CHOICE, help="Grade only these exercises (repeatable).")
@click.option("--force", is_flag=True, help="Regrade submissions even if their files are unchanged.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml to use (default: ./course.toml, else the project's).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Grade on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786) instead of locally.")
def grade(submissions, out, jobs, only, force, config_path, quiet, scheduler):
    """Grade every submission under SUBMISSIONS into --out."""
    from .batch import grade_class, summary_lines
    from .bundle import BundleMissing, ensure_importable
    config = _load_config(config_path)
    try:
        ensure_importable()  # the grader itself cannot run without the hidden suites
    except BundleMissing as e:
        raise click.ClickException(str(e)) from None
    only = [e for e in only if e in config.exercises] or None
    summary = grade_class(submissions, out, config, jobs=jobs, only=only, force=force,
                          progress=not quiet, echo=lambda s: click.echo(s, err=True),
                          scheduler=scheduler)
    for line in summary_lines(summary, out):
        click.echo(line)


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
def report(out, config_path):
    """Regenerate every report and export in OUT from its gradebook.db,
    without running student code again."""
    from . import reports
    from .gradebook import Gradebook
    db = out / "gradebook.db"
    if not db.is_file():
        raise click.ClickException(f"{db} does not exist: run `grader grade` first")
    config = _load_config(config_path)
    with Gradebook(db) as gb:
        records = reports.with_quiz(gb.current(), db)
    reports.write_all(records, out, config.name)
    click.echo(f"Rewrote the reports of {len(records)} students in {out}")


@main.command()
@click.argument("exercises", nargs=-1, type=EXERCISE_CHOICE)
@click.option("--dir", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("."), help="Folder holding your exercise files (default: here).")
def check(exercises, folder):
    """Run the public tests on your exercise files and explain the results."""
    from .check import run_check
    sys.exit(run_check(folder, list(exercises)))


# --------------------------------------------------------------------------- quiz

class _QuizGroup(click.Group):
    """``grader quiz``: ``export`` and ``take`` here; ``serve`` comes from
    grader/quiz/server.py (its ``serve`` click command), imported only when used."""

    def list_commands(self, ctx):
        names = set(super().list_commands(ctx))
        if (Path(__file__).parent / "quiz" / "server.py").is_file():
            names.add("serve")
        return sorted(names)

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        if cmd is None and name == "serve":
            try:
                from .quiz.server import serve as cmd
            except ImportError as e:
                raise click.ClickException(f"the quiz web server is not available: {e}") from None
        return cmd


@click.group(cls=_QuizGroup)
def quiz():
    """The quiz: export the question bank, take it in the terminal, serve it on the web."""


def _quiz_bank(bank_path):
    from .quiz import BankError, load_bank
    from .bundle import BundleMissing
    try:
        return load_bank(bank_path)
    except (BankError, BundleMissing) as e:
        raise click.ClickException(str(e)) from None


@quiz.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "gift", "moodle-xml"]), required=True,
              help="json (with answers and params), Moodle GIFT, or Moodle XML.")
@click.option("--student", default=None,
              help="Export this student's variant (their drawn numbers). Without it, "
                   "parameterised questions are exported as a template drawn with the fixed seed 0.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")
@click.option("--bank", "bank_path", type=click.Path(exists=True, path_type=Path), default=None,
              help="Question bank folder or file (default: reference/quiz/ of the bundle).")
def quiz_export(fmt, student, out, bank_path):
    """Export the question bank (json, gift or moodle-xml) to --out."""
    from .quiz.export import TEMPLATE_NOTE, export_text
    bank = _quiz_bank(bank_path)
    text = export_text(bank, fmt, student)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    which = f"the variant of {student}" if student else TEMPLATE_NOTE
    click.echo(f"Wrote {len(bank)} questions ({fmt}; {which}) to {out}")


@quiz.command("take")
@click.option("--student", required=True, help="Your student id.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Roster CSV (student,token): if given, the student must be on it and "
                   "enter their access token.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out") / "gradebook.db", show_default=True,
              help="The gradebook database the answers are stored in.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml with the [quiz] table (default: ./course.toml, else the project's).")
@click.option("--bank", "bank_path", type=click.Path(exists=True, path_type=Path), default=None,
              help="Question bank folder or file (default: reference/quiz/ of the bundle).")
def quiz_take(student, roster, db_path, config_path, bank_path):
    """Take the quiz in the terminal: each answer is graded at once and stored."""
    from .quiz import QuizConfigError, QuizStore, RosterError, load_quiz_config, load_roster
    from .quiz.terminal import check_token, run_quiz
    student = student.strip()
    if not student:
        raise click.ClickException("--student must not be empty")
    try:
        settings = load_quiz_config(config_path)
    except QuizConfigError as e:
        raise click.ClickException(str(e)) from None
    if roster is not None:
        try:
            tokens = load_roster(roster)
        except RosterError as e:
            raise click.ClickException(str(e)) from None
        if not check_token(student, tokens):
            raise click.ClickException("wrong access token")
    bank = _quiz_bank(bank_path)
    store = QuizStore(db_path)
    try:
        run_quiz(bank, store, student, attempts=settings.attempts)
    except click.Abort:
        click.echo("\nStopped; the answers given so far are stored.", err=True)
        sys.exit(130)


main.add_command(quiz)


# --------------------------------------------------------------------------- distribution
# release, ci, gradescope-bundle, gradescope-run, validate (grader/release.py,
# ci.py, gradescope_bundle.py, validate.py; templates in grader/distribution/)

def _bundle_root_or_fail(why: str) -> Path:
    from .bundle import BundleMissing, bundle_root
    try:
        return bundle_root()
    except BundleMissing as e:
        raise click.ClickException(f"{e} ({why})") from None


@main.command("release")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--exercises", "exercises_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with the stubs and tests/ (default: the project's exercises/).")
@click.option("--wheel", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Ship this grader wheel instead of building one from the project.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml to use (exercises and points shown in the README).")
@click.option("--force", is_flag=True, help="Replace OUT if it is not empty.")
@click.option("--check-only", is_flag=True, help="Build nothing: scan the existing folder OUT for leaks.")
@click.option("--keep-on-leak", is_flag=True, help="Keep OUT when a leak is found, to inspect it (never publish it).")
def release_cmd(out, exercises_dir, wheel, config_path, force, check_only, keep_on_leak):
    """Build what students receive into OUT (stubs, public tests, README,
    GitHub Actions workflow, the grader wheel) and check it for leaks of
    solutions, hidden test names and hidden expected values."""
    import shutil

    from . import release as rel
    bundle = _bundle_root_or_fail("the leak check needs the reference and the hidden suites")
    if check_only:
        if not out.is_dir():
            raise click.ClickException(f"{out} is not a folder")
    else:
        config = _load_config(config_path)
        try:
            rel.build_release(out, config, exercises_dir=exercises_dir or rel.default_exercises_dir(),
                              wheel=wheel, force=force, echo=click.echo)
        except rel.ReleaseError as e:
            raise click.ClickException(str(e)) from None
    leaks = rel.check_release(out, bundle, rel.default_solutions_dir(bundle))
    if leaks:
        for leak in leaks:
            click.secho(f"LEAK {leak}", fg="red", err=True)
        where = f"{out} is kept for inspection: do not publish it" if check_only or keep_on_leak else \
            f"{out} was removed"
        if not (check_only or keep_on_leak):
            shutil.rmtree(out, ignore_errors=True)
        raise click.ClickException(f"{len(leaks)} leak(s) of the instructor's material in the release; {where}")
    files = sum(1 for p in out.rglob("*") if p.is_file())
    click.echo(f"Leak check passed: {files} files (and the wheel's members) hold no solution code, "
               "hidden test name or hidden expected value.")


@main.command("ci")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML here.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the Markdown summary here (default: append to $GITHUB_STEP_SUMMARY when set).")
@click.option("--results", "results_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write results.json here.")
@click.option("--bundle", "bundle_path", type=click.Path(exists=True, file_okay=False, path_type=Path),
              envvar="GRADER_BUNDLE", help="The grading bundle (a folder holding reference/): run the hidden "
                                           "suites too [env: GRADER_BUNDLE].")
@click.option("--dir", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
              help="The repository (default: here).")
@click.option("--only", multiple=True, type=EXERCISE_CHOICE, help="Only these exercises (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml for the hidden suites (default: the bundle's, else the grader's defaults).")
def ci_cmd(junit_path, summary_path, results_path, bundle_path, folder, only, config_path):
    """Run the tests of a student's repository (for GitHub Actions): the public
    tests, and the hidden suites when the grading bundle is given. Prints
    `Points X/Y`; exits 1 when a test fails."""
    from .ci import CIError, console_lines, run_ci, write_outputs
    try:
        run = run_ci(folder, bundle=bundle_path, only=list(only) or None, config_path=config_path,
                     echo=lambda s: click.echo(s, err=True))
    except CIError as e:
        click.secho(f"grader ci: {e}", fg="red", err=True)
        sys.exit(2)
    write_outputs(run, junit_path=junit_path, summary_path=summary_path, results_path=results_path)
    for line in console_lines(run):
        click.echo(line)
    sys.exit(0 if run.ok else 1)


@main.command("gradescope-bundle")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--only", multiple=True, type=EXERCISE_CHOICE,
              help="Grade only these exercises: the zip's course.toml lists just them (repeatable).")
@click.option("--wheel", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Ship this grader wheel instead of building one from the project.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml to start from (default: ./course.toml, else the project's).")
def gradescope_bundle_cmd(out, only, wheel, config_path):
    """Write a Gradescope autograder zip (setup.sh, run_autograder, the grader
    wheel, reference/, course.toml) to OUT. Instructor-side: it holds the
    hidden suites."""
    from .gradescope_bundle import BundleError, build_bundle
    config = _load_config(config_path)
    root = _bundle_root_or_fail("the autograder needs the hidden suites")
    try:
        build_bundle(out, config, root, only=list(only) or None, wheel=wheel, echo=click.echo)
    except BundleError as e:
        raise click.ClickException(str(e)) from None


@main.command("gradescope-run")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Gradescope's folder (default: $AUTOGRADER_ROOT, else /autograder).")
@click.option("--submission", type=click.Path(path_type=Path), default=None, help="Default: ROOT/submission.")
@click.option("--metadata", type=click.Path(path_type=Path), default=None,
              help="Default: ROOT/submission_metadata.json.")
@click.option("--bundle", "bundle_path", type=click.Path(path_type=Path), default=None,
              help="Default: ROOT/source.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Default: ROOT/source/course.toml.")
@click.option("--results", "results_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Default: ROOT/results/results.json.")
def gradescope_run_cmd(root, submission, metadata, bundle_path, config_path, results_path):
    """Grade one Gradescope submission into results.json (what run_autograder runs)."""
    from .gradescope_bundle import default_root, gradescope_run
    root = root or default_root()
    sys.exit(gradescope_run(submission or root / "submission", metadata or root / "submission_metadata.json",
                            bundle_path or root / "source", config_path or root / "source" / "course.toml",
                            results_path or root / "results" / "results.json",
                            echo=lambda s: click.echo(s, err=True)))


@main.command("validate")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Gradings in parallel (default: the number of CPUs, at most 8).")
@click.option("--only", multiple=True, type=EXERCISE_CHOICE, help="Only these exercises (repeatable).")
@click.option("--skip-keras", is_flag=True, help="Leave out keras_dnn (the slow one).")
@click.option("--allow-weak", is_flag=True, help="Report weak hidden tests as warnings, not failures.")
@click.option("--no-quiz", is_flag=True, help="Do not check the quiz bank.")
@click.option("--solutions", "solutions_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Default: solutions/ of the project.")
@click.option("--stubs", "stubs_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Default: exercises/ of the project.")
@click.option("--mutants", "mutants_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Default: reference/mutants/ of the grading bundle.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the findings as JSON.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="course.toml (its sandbox limits are used).")
def validate_cmd(jobs, only, skip_keras, allow_weak, no_quiz, solutions_dir, stubs_dir, mutants_dir,
                 json_path, config_path):
    """Check the course before a release: solutions score full marks, stubs
    zero, every mutant is caught (by the test it names), every hidden test
    catches a mutant, and the quiz bank is consistent. Exits 1 on any problem."""
    from . import release as rel
    from . import validate as val
    config = _load_config(config_path)
    bundle = _bundle_root_or_fail("validation grades with the hidden suites")
    solutions_dir = solutions_dir or rel.default_solutions_dir(bundle)
    if solutions_dir is None:
        raise click.ClickException("no solutions/ folder found: pass --solutions DIR")
    stubs_dir = stubs_dir or next((f for f in (bundle / "exercises", rel.default_exercises_dir()) if f.is_dir()), None)
    if stubs_dir is None:
        raise click.ClickException("no exercises/ folder found: pass --stubs DIR")
    exercises = [e for e in config.exercises if (not only or e in only) and not (skip_keras and e == "keras_dnn")]
    if not exercises:
        raise click.ClickException("no exercise left to validate")
    report = val.validate(config, solutions=solutions_dir, stubs=stubs_dir,
                          mutants=mutants_dir or bundle / "reference" / "mutants", exercises=exercises,
                          workers=jobs or val.default_workers(), quiz_check=not no_quiz, echo=click.echo)
    for line in val.report_lines(report, allow_weak):
        click.echo(line)
    if json_path:
        val.write_json(report, json_path)
    sys.exit(1 if report.failed(allow_weak) else 0)


if __name__ == "__main__":
    main()
