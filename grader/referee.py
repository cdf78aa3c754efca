"""Grade a class: every student's kata modules against the instructor's tests in this repository.

    python -m grader SUBMISSIONS --out OUT [--jobs N] [--timeout SECONDS] [--katas 01,02] [--seed N]
    python -m grader --gradescope

The referee (this process) never imports a student's module. For each student it copies the
kata modules, and nothing else, into a fresh folder, and starts a trusted pytest process on the
instructor's tests with `--sandboxed`: the tests run there, and every call into the student's
code runs in a child process of that one (grader/sandbox.py). The trusted process sends its
report back on its own stdout. The maximum score comes from collecting the instructor's tests
before any student's code runs.
"""

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KATAS = REPO / "katas"
GRADER_VERSION = "1"
# What one student's grading may take in all, on top of the per-call deadlines.
RUN_LIMIT_SECONDS = 1800
TRUSTED_MEMORY_MB = 600  # each TensorFlow process, trusted or child, holds about this much
GRADESCOPE_ROOT = Path("/autograder")


# --------------------------------------------------------------------------- the plan


def kata_modules(selected=None):
    """{kata folder: module file name} for the instructor's katas, in order."""
    modules = {}
    for folder in sorted(KATAS.iterdir()):
        if not (folder.is_dir() and folder.name[:2].isdigit()):
            continue
        if selected and folder.name[:2] not in selected and folder.name not in selected:
            continue
        for test in sorted(folder.glob("test_*.py")):
            modules[folder.name] = test.name.removeprefix("test_")
    return modules


def version():
    """The grader version and a digest of the instructor's tests and the grading code, so a
    regrade can show that it ran the same tests."""
    digest = hashlib.sha256()
    files = sorted([*KATAS.glob("*/test_*.py"), KATAS / "kata_checks.py", REPO / "conftest.py",
                    *(REPO / "grader").glob("*.py")])
    for path in files:
        digest.update(path.relative_to(REPO).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{GRADER_VERSION}+{digest.hexdigest()[:12]}"


def run_trusted_pytest(modules, *options, timeout=None):
    """Run the instructor's tests in a trusted pytest process; return (report or None, why not).

    The report comes back through a pipe that only that process holds: the student's child,
    started by it with nothing but its own two pipes, cannot write to it, print a fake one into
    the test output, or leave a file that stands for it.
    """
    report_read, report_write = os.pipe()
    command = [sys.executable, "-m", "pytest", *(f"katas/{kata}" for kata in modules), "-q",
               "-p", "no:cacheprovider", f"--grade-report=fd:{report_write}", *options]
    process = subprocess.Popen(command, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, pass_fds=(report_write,), start_new_session=True)
    os.close(report_write)
    chunks = []
    reader = threading.Thread(target=lambda: chunks.append(read_all(report_read)), daemon=True)
    reader.start()
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        return None, f"the grading run passed its limit of {timeout} s"
    reader.join()
    text = output.decode(errors="replace")
    # pytest exits 0 (all passed) or 1 (some failed); anything else means it was stopped.
    if process.returncode not in (0, 1) and "--collect-only" not in options:
        return None, f"the grading run ended with status {process.returncode}:\n{text[-1500:]}"
    try:
        return json.loads(chunks[0]), None
    except (IndexError, ValueError):
        return None, f"the grading run wrote no report:\n{text[-1500:]}"


def read_all(fd):
    with os.fdopen(fd, "rb") as pipe:
        return pipe.read()


def collect_tests(modules):
    """The instructor's tests and their points, collected before any student code runs."""
    report, problem = run_trusted_pytest(modules, "--collect-only")
    if report is None:
        sys.exit(f"grader: could not collect the kata tests: {problem}")
    return report["tests"]


# --------------------------------------------------------------------------- one student


def copy_submission(student_dir, modules, destination):
    """Copy the student's kata modules into `destination`, laid out like katas/; return
    ({kata: sha256 of the submitted file}, [stray files])."""
    hashes, expected = {}, set()
    for kata, module in modules.items():
        source = student_dir / kata / module
        expected.add(f"{kata}/{module}")
        if source.is_file() and not source.is_symlink():
            (destination / kata).mkdir(parents=True)
            shutil.copyfile(source, destination / kata / module)
            hashes[kata] = hashlib.sha256(source.read_bytes()).hexdigest()
    stray = sorted(
        path.relative_to(student_dir).as_posix()
        for path in student_dir.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
        and path.relative_to(student_dir).as_posix() not in expected
    )
    return hashes, stray


def grade_student(name, student_dir, settings):
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kata-grade-") as work:
        submission = Path(work, "submission")
        submission.mkdir()
        hashes, stray = copy_submission(student_dir, settings.modules, submission)
        report, problem = run_trusted_pytest(
            settings.modules, f"--impl={submission}", "--sandboxed", f"--kata-seed={settings.seed}",
            f"--call-timeout={settings.timeout}", f"--memory-limit={settings.memory_limit}",
            timeout=RUN_LIMIT_SECONDS,
        )
    return score(name, settings, report or {"tests": [], "kata_status": {}}, problem, hashes, stray,
                 time.monotonic() - started)


def score(name, settings, report, problem, hashes, stray, seconds):
    """The student's grade: points only for tests that passed in the report, out of the
    points of the instructor's collection."""
    ran = {test["nodeid"]: test for test in report["tests"]}
    statuses = report.get("kata_status", {})
    tests, katas = [], {}
    for expected in settings.tests:
        kata = expected["kata"]
        result = ran.get(expected["nodeid"], {})
        passed = result.get("outcome") == "passed"
        output = result.get("message") or ("" if passed else "This test did not run: the grading run stopped early.")
        tests.append({
            "name": expected["nodeid"].removeprefix("katas/"),
            "score": expected["points"] if passed else 0,
            "max_score": expected["points"],
            "status": "passed" if passed else "failed",
            "output": output,
            "visibility": "visible",
        })
        entry = katas.setdefault(kata, {"points": 0, "max_points": 0})
        entry["points"] += expected["points"] if passed else 0
        entry["max_points"] += expected["points"]
    for kata, entry in katas.items():
        if kata not in hashes:
            entry["status"] = "not submitted"
        elif problem:
            entry["status"] = "crash"
        else:
            entry["status"] = statuses.get(kata, "ok")
    total = sum(entry["points"] for entry in katas.values())
    maximum = sum(entry["max_points"] for entry in katas.values())
    return {
        "student": name,
        "score": total,
        "max_score": maximum,
        "execution_time": round(seconds, 1),
        "tests": tests,
        "output": f"{total}/{maximum} points." + (f"\nThe grading run failed: {problem}" if problem else ""),
        "visibility": "visible",
        "extra_data": {
            "katas": katas,
            "sha256": hashes,
            "stray_files": stray,
            "seed": settings.seed,
            "grader_version": settings.version,
        },
    }


# --------------------------------------------------------------------------- outputs


def write_gradebook(path, results, modules):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *modules, "total", "max", *(f"{kata} status" for kata in modules)])
        for result in results:
            katas = result["extra_data"]["katas"]
            writer.writerow([
                result["student"],
                *(katas[kata]["points"] for kata in modules),
                result["score"],
                result["max_score"],
                *(katas[kata]["status"] for kata in modules),
            ])


def gradescope_json(result):
    return {key: value for key, value in result.items() if key != "student"}


def default_jobs():
    """Students graded at once: one per core, as long as memory lasts. Each student needs two
    TensorFlow processes (the trusted tests and the student's child), about 2 * 600 MB, and they
    take turns more than they run together: on two cores, two at a time graded a class of 20 in
    413 s against 780 s one at a time, each student taking 41 s instead of 39 s."""
    cores = os.cpu_count() or 1
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (ValueError, OSError):
        available = 4096
    return max(1, min(cores, available // (4 * TRUSTED_MEMORY_MB)))


# --------------------------------------------------------------------------- the command


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", nargs="?", type=Path,
                        help="a folder with one subfolder per student, each laid out like katas/")
    parser.add_argument("--out", type=Path, help="where to write gradebook.csv and results/")
    parser.add_argument("--jobs", type=int, default=None,
                        help=f"students graded at once (default here: {default_jobs()})")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="deadline in seconds of each call into a student's code (default 20)")
    parser.add_argument("--memory-limit", type=int, default=3000,
                        help="memory limit in MB of a student's process (default 3000)")
    parser.add_argument("--katas", default=None, help="grade only these katas: 01,02,...")
    parser.add_argument("--seed", type=int, default=1, help="the tests' base seed (default 1)")
    parser.add_argument("--gradescope", action="store_true",
                        help="grade /autograder/submission into /autograder/results/results.json")
    parser.add_argument("--gradescope-root", type=Path, default=GRADESCOPE_ROOT, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if not arguments.gradescope and (arguments.submissions is None or arguments.out is None):
        parser.error("give SUBMISSIONS and --out OUT, or --gradescope")
    if arguments.submissions is not None and not arguments.submissions.is_dir():
        parser.error(f"{arguments.submissions} is not a folder")
    if arguments.jobs is not None and arguments.jobs < 1:
        parser.error("--jobs must be at least 1")
    return arguments


class Settings:
    def __init__(self, arguments):
        selected = set(arguments.katas.split(",")) if arguments.katas else None
        self.modules = kata_modules(selected)
        if not self.modules:
            sys.exit(f"grader: no kata matches --katas={arguments.katas}")
        self.seed = arguments.seed
        self.timeout = arguments.timeout
        self.memory_limit = arguments.memory_limit
        self.version = version()
        self.tests = collect_tests(self.modules)


def main(argv=None):
    arguments = parse_arguments(argv)
    settings = Settings(arguments)
    if arguments.gradescope:
        return grade_gradescope(arguments.gradescope_root, settings)
    students = sorted(path for path in arguments.submissions.iterdir() if path.is_dir())
    stray = sorted(path.name for path in arguments.submissions.iterdir() if not path.is_dir())
    jobs = arguments.jobs or default_jobs()
    out = arguments.out
    (out / "results").mkdir(parents=True, exist_ok=True)
    print(f"Grading {len(students)} students on {len(settings.modules)} katas, {jobs} at a time "
          f"(seed {settings.seed}, grader {settings.version}).", flush=True)
    if stray:
        print(f"Ignored, not student folders: {', '.join(stray)}")
    started = time.monotonic()
    results, lock = [], threading.Lock()

    def grade(student):
        result = grade_student(student.name, student, settings)
        (out / "results" / f"{student.name}.json").write_text(json.dumps(gradescope_json(result), indent=1))
        with lock:
            results.append(result)
            print(f"[{len(results)}/{len(students)}] {student.name}: {result['score']}/{result['max_score']} "
                  f"points in {result['execution_time']:.0f} s; elapsed {time.monotonic() - started:.0f} s", flush=True)
        return result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(grade, students))
    results.sort(key=lambda result: result["student"])
    write_gradebook(out / "gradebook.csv", results, settings.modules)
    print_summary(results, settings, time.monotonic() - started, out)
    return 0


def print_summary(results, settings, seconds, out):
    print(f"\nGraded {len(results)} students in {seconds:.0f} s. Gradebook: {out / 'gradebook.csv'}")
    for kata in settings.modules:
        counts = {}
        for result in results:
            status = result["extra_data"]["katas"][kata]["status"]
            counts[status] = counts.get(status, 0) + 1
        full = sum(1 for r in results if r["extra_data"]["katas"][kata]["points"] == r["extra_data"]["katas"][kata]["max_points"])
        shown = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        print(f"  {kata:<28} {full} of {len(results)} full marks; {shown}")
    for result in results:
        stray = result["extra_data"]["stray_files"]
        if stray:
            print(f"  {result['student']}: ignored {len(stray)} file(s) outside the kata modules: {', '.join(stray[:5])}")


def grade_gradescope(root, settings):
    """Gradescope's autograder: the submission is in root/submission, laid out like katas/
    or as the module files alone; the result goes to root/results/results.json."""
    submission = root / "submission"
    with tempfile.TemporaryDirectory(prefix="kata-gradescope-") as work:
        student = Path(work, "student")
        for kata, module in settings.modules.items():
            found = submission / kata / module
            if not found.is_file():
                found = next((path for path in sorted(submission.rglob(module)) if path.is_file()), None)
            if found is not None:
                (student / kata).mkdir(parents=True)
                shutil.copyfile(found, student / kata / module)
        result = grade_student("submission", student, settings)
    result["extra_data"]["stray_files"] = sorted(
        path.relative_to(submission).as_posix() for path in submission.rglob("*")
        if path.is_file() and path.name not in settings.modules.values()
    )
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(gradescope_json(result), indent=1))
    print(f"{result['score']}/{result['max_score']} points in {result['execution_time']:.0f} s")
    return 0
