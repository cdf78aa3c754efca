"""Grade a class: every student's kata modules against the instructor's tests in this repository.

    python -m grader SUBMISSIONS --out OUT [--jobs N] [--timeout SECONDS] [--katas 01,02] [--seed N]
    python -m grader --gradescope
    python -m grader insights RESULTS_DIR --out DIR

The referee (this process) never imports a student's module. It reads every student's kata
modules once, before any student's code runs, and refuses links and oversized files. For each
student it writes the modules, and nothing else, into a fresh folder, and starts a trusted
pytest process (grader/trusted.py, forked warm by a server that has imported TensorFlow once
for the class) on the instructor's tests with `--sandboxed`: the tests run
there, and every call into the student's code runs in a child process of that one, confined by
Landlock (kata_sandbox/sandbox.py, kata_sandbox/child.py, kata_runtime/worker.py). The trusted
process sends its report through a pipe of its own. The maximum score comes from collecting the
instructor's tests before any student's code runs. The referee is a subreaper and ends every process a grading run left
before it writes a grade.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from grader import insights, names
from grader.scoring import grade_student, write_gradebook
from grader.settings import Settings
from grader.submissions import STRAY_LISTED, Submission, read_submission
from grader.trusted_run import STOPPING, stop_warm_start
from kata_records.report import CALL_TIMEOUT_SECONDS, MEMORY_LIMIT_MB
from kata_sandbox import processes
from kata_sandbox.child import OPTIONAL_LAYERS

TRUSTED_MEMORY_MB = 600  # each TensorFlow process, trusted or child, holds about this much
GRADESCOPE_ROOT = Path("/autograder")


def default_jobs():
    """Students graded at once: one per core, as long as memory lasts. Each student needs two
    TensorFlow processes (the trusted tests and the student's child), about 2 * 600 MB, and they
    take turns more than they run together, so two at a time on two cores still gain
    (docs/grading.md gives a measured grading time)."""
    cores = os.cpu_count() or 1
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (ValueError, OSError):
        available = 4096
    return max(1, min(cores, available // (4 * TRUSTED_MEMORY_MB)))


# --------------------------------------------------------------------------- the command


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "submissions", nargs="?", type=Path, help="a folder with one subfolder per student, each laid out like katas/"
    )
    parser.add_argument("--out", type=Path, help="where to write gradebook.csv and results/")
    parser.add_argument(
        "--jobs", type=int, default=None, help=f"students graded at once (default here: {default_jobs()})"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=CALL_TIMEOUT_SECONDS,
        help=f"deadline in seconds of each call into a student's code (default {CALL_TIMEOUT_SECONDS:g})",
    )
    parser.add_argument(
        "--memory-limit",
        type=int,
        default=MEMORY_LIMIT_MB,
        help=f"memory limit in MB of a student's process (default {MEMORY_LIMIT_MB})",
    )
    parser.add_argument("--katas", default=None, help="grade only these katas: 01,02,...")
    parser.add_argument(
        "--seed", type=int, default=None, help="the tests' base seed; default: a new random one, printed and recorded"
    )
    parser.add_argument(
        "--unconfined",
        action="store_true",
        help="grade even where Landlock is unavailable, with no kernel confinement of "
        "students' code (printed and recorded in every result)",
    )
    parser.add_argument(
        "--without",
        default="",
        metavar="LAYERS",
        help="leave out these layers of students' confinement, where one misbehaves on this "
        f"machine: {', '.join(OPTIONAL_LAYERS)} (printed and recorded in every result)",
    )
    parser.add_argument(
        "--gradescope", action="store_true", help="grade /autograder/submission into /autograder/results/results.json"
    )
    parser.add_argument("--gradescope-root", type=Path, default=GRADESCOPE_ROOT, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if not arguments.gradescope and (arguments.submissions is None or arguments.out is None):
        parser.error("give SUBMISSIONS and --out OUT, or --gradescope")
    if arguments.submissions is not None and not arguments.submissions.is_dir():
        parser.error(f"{arguments.submissions} is not a folder")
    if arguments.jobs is not None and arguments.jobs < 1:
        parser.error("--jobs must be at least 1")
    arguments.without = [layer for layer in arguments.without.split(",") if layer]
    unknown = sorted(set(arguments.without) - set(OPTIONAL_LAYERS))
    if unknown:
        parser.error(f"--without: no layer is called {', '.join(unknown)}; the layers are {', '.join(OPTIONAL_LAYERS)}")
    return arguments


STOPPED = "grader: stopped; every process it started has ended, and no gradebook was written."


def stop_on_terminate(signum, frame):
    """SIGTERM stops the grader as Ctrl-C does: cleanly, ending what it started."""
    raise KeyboardInterrupt


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["insights"]:  # a folder named insights is graded as ./insights
        return insights.main(argv[1:])
    arguments = parse_arguments(argv)
    signal.signal(signal.SIGTERM, stop_on_terminate)
    processes.become_subreaper()  # whatever a grading run leaves behind is handed to us, and ended
    processes.hide_from_other_processes()
    try:
        settings = Settings(arguments)
    except KeyboardInterrupt:  # the collection's run has ended, with its processes
        stop_warm_start()
        sys.exit(STOPPED)
    if arguments.gradescope:
        return grade_gradescope(arguments.gradescope_root, settings)
    entries = sorted(arguments.submissions.iterdir())
    # Every submission is read before any student's code runs: none can change another's.
    submissions = [read_or_refuse(path, settings.modules) for path in entries if path.is_dir() or path.is_symlink()]
    stray = [names.shown(path.name) for path in entries if not (path.is_dir() or path.is_symlink())]
    jobs = arguments.jobs or default_jobs()
    out = arguments.out
    print(
        f"Grading {len(submissions)} students on {len(settings.modules)} katas, {jobs} at a time; {settings.header()}.",
        flush=True,
    )
    if stray:
        print(f"Ignored, not student folders: {', '.join(stray[:STRAY_LISTED])}")
    started = time.monotonic()
    results, lock = [], threading.Lock()

    def grade(submission):
        result = grade_student(submission, settings)
        with lock:
            results.append(result)
            print(
                f"[{len(results)}/{len(submissions)}] {names.shown(submission.name)}: "
                f"{result.score}/{result.max_score} "
                f"points in {result.execution_time:.0f} s; elapsed {time.monotonic() - started:.0f} s",
                flush=True,
            )
        return result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        try:
            list(pool.map(grade, submissions))
        except KeyboardInterrupt:
            # Each run under way ends, with its processes and its group, before the pool lets go.
            STOPPING.set()
            pool.shutdown(wait=True, cancel_futures=True)
            stop_warm_start()
            processes.end_orphans()
            sys.exit(STOPPED)
    # Nothing a student started outlives the grading: only then are the grades written.
    stop_warm_start()
    processes.end_orphans()
    results.sort(key=lambda result: result.student)
    (out / "results").mkdir(parents=True, exist_ok=True)
    for result in results:
        path = out / "results" / f"{names.file_name(result.student)}.json"
        try:
            path.write_text(json.dumps(result.gradescope_json(), indent=1))
        except OSError as error:  # one student's file costs that student, never the class
            print(f"  {names.shown(result.student)}: results not written to {names.shown(path)}: {error.strerror}")
    write_gradebook(out / "gradebook.csv", results, settings.modules)
    print_summary(results, settings, time.monotonic() - started, out)
    # Read back from the results written, as `python -m grader insights` reads them. The grades
    # are written by now: a page that cannot be written costs the page alone.
    try:
        insights.write_insights(out / "results", out)
        print(f"Insights: {out / 'insights.html'}")
    except OSError as error:
        print(f"Insights not written to {names.shown(out)}: {error.strerror}")
    return 0


def read_or_refuse(path, modules):
    """The student's submission, or, when their folder cannot be read at all, one that says why:
    a folder that fails to read costs its student, never the class."""
    try:
        return read_submission(path.name, path, modules)
    except OSError as error:
        submission = Submission(path.name)
        submission.refused["."] = f"the student's folder could not be read ({error.strerror})"
        submission.refused_katas = set(modules)
        return submission


def print_summary(results, settings, seconds, out):
    print(f"\nGraded {len(results)} students in {seconds:.0f} s. Gradebook: {out / 'gradebook.csv'}")
    for kata in settings.modules:
        counts = {}
        for result in results:
            status = result.katas[kata]["status"]
            counts[status] = counts.get(status, 0) + 1
        full = sum(1 for r in results if r.katas[kata]["points"] == r.katas[kata]["max_points"])
        shown = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        print(f"  {kata:<28} {full} of {len(results)} full marks; {shown}")
    for result in results:
        student = names.shown(result.student)
        stray = result.extra_data["stray_files"]
        if stray:
            print(
                f"  {student}: ignored {len(stray)} file(s) outside the kata modules: "
                + ", ".join(names.shown(path) for path in stray[:5])
            )
        refused = result.extra_data["refused_files"]
        if refused:
            print(
                f"  {student}: refused "
                + "; ".join(f"{names.shown(path)} ({why})" for path, why in list(refused.items())[:5])
            )


def grade_gradescope(root, settings):
    """Gradescope's autograder: the submission is in root/submission, laid out like katas/
    or as the module files alone; the result goes to root/results/results.json."""
    print(settings.header(), flush=True)
    submission = read_submission("submission", root / "submission", settings.modules, anywhere=True)
    result = grade_student(submission, settings)
    stop_warm_start()
    processes.end_orphans()
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(result.gradescope_json(), indent=1))
    print(f"{result.score}/{result.max_score} points in {result.execution_time:.0f} s")
    return 0
