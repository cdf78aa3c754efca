"""Grade a class: every student's kata modules against the instructor's tests in this repository.

    python -m grader SUBMISSIONS --out OUT [--jobs N] [--timeout SECONDS] [--katas 01,02] [--seed N]
    python -m grader --gradescope

The referee (this process) never imports a student's module. It reads every student's kata
modules once, before any student's code runs, and refuses links and oversized files. For each
student it writes the modules, and nothing else, into a fresh folder, and starts a trusted
pytest process (grader/trusted.py) on the instructor's tests with `--sandboxed`: the tests run
there, and every call into the student's code runs in a child process of that one, confined by
Landlock (grader/sandbox.py, grader/worker.py). The trusted process sends its report through a
pipe of its own. The maximum score comes from collecting the instructor's tests before any
student's code runs. The referee is a subreaper and ends every process a grading run left
before it writes a grade.
"""

import argparse
import csv
import hashlib
import json
import os
import secrets
import select
import stat
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from grader import landlock, processes

REPO = Path(__file__).resolve().parent.parent
KATAS = REPO / "katas"
GRADER_VERSION = "2"
# Everything that decides a grade: a regrade with the same digest ran the same referee.
GRADED_FILES = ("conftest.py", "pytest.ini", "requirements.txt", "katas/*.py", "katas/*/test_*.py", "grader/*.py")
# What one student's grading may take in all, on top of the per-call deadlines.
RUN_LIMIT_SECONDS = 1800
TRUSTED_MEMORY_MB = 600  # each TensorFlow process, trusted or child, holds about this much
# The trusted process of one student is killed past this: a student can cost only their own grade.
TRUSTED_MEMORY_LIMIT_MB = 4000
MODULE_BYTES_LIMIT = 2**20  # a submitted kata module; none needs a tenth of it
OUTPUT_LIMIT = 4000  # characters of one test's output in a result
STRAY_LISTED = 50  # stray files named in a result; the rest are counted
TREE_ENTRIES_LIMIT = 10_000  # entries of a student's folder that are looked at
REPORT_BYTES_LIMIT = 8 * 2**20  # the trusted process's report: a few KB per test
OUTPUT_BYTES_KEPT = 64 * 2**10  # the tail of the trusted process's own output, for a failure
PIPE_GRACE_SECONDS = 10  # after the trusted process exits, the longest wait for its pipes to close
WATCH_SECONDS = 0.5
GRADESCOPE_ROOT = Path("/autograder")
# The trusted processes running now, which end_orphans must spare (several with --jobs).
RUNNING = set()
RUNNING_LOCK = threading.Lock()


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
    """The grader version and a digest of every file that decides a grade (the tests, the
    checks, the plugin, the grader, pytest.ini and requirements.txt), so a regrade can show
    that it ran the same referee."""
    digest = hashlib.sha256()
    files = sorted({path for pattern in GRADED_FILES for path in REPO.glob(pattern) if path.is_file()})
    for path in files:
        digest.update(path.relative_to(REPO).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{GRADER_VERSION}+{digest.hexdigest()[:12]}"


def trusted_environment(scratch):
    """The trusted process's whole environment: nothing of the instructor's but PATH."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(scratch),
        "TMPDIR": str(scratch),
        "KERAS_HOME": str(scratch),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    for name in ("OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if name in os.environ:
            environment[name] = os.environ[name]
    return environment


def run_trusted_pytest(modules, *options, work, submission=None, confine=True, timeout=RUN_LIMIT_SECONDS):
    """Run the instructor's tests in a confined trusted pytest process (grader/trusted.py);
    return (report or None, why not).

    The report comes back through a pipe that only that process holds: the student's child,
    started by it with nothing but its own two pipes, cannot write to it, print a fake one into
    the test output, or leave a file that stands for it. Every wait here has a deadline, the
    process's memory is watched, and what is kept of its pipes is capped.
    """
    scratch = Path(work, "trusted")
    scratch.mkdir()
    report_read, report_write = os.pipe()
    command = [sys.executable, "-m", "grader.trusted", *([] if confine else ["--unconfined"]),
               "--writable", str(scratch), *(["--readable", str(submission)] if submission else []), "--",
               *(f"katas/{kata}" for kata in modules), "-q", "-p", "no:cacheprovider",
               f"--grade-report=fd:{report_write}", *options, *([] if confine else ["--unconfined"])]
    with RUNNING_LOCK:  # registered before end_orphans can see it
        process = subprocess.Popen(command, cwd=REPO, env=trusted_environment(scratch), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, pass_fds=(report_write,),
                                   start_new_session=True)
        RUNNING.add(process.pid)
    os.close(report_write)
    try:
        report, output, problem = watch(process, report_read, timeout)
    finally:
        processes.end_tree(process.pid, reap_root=False)
        process.wait()
        os.close(report_read)
        process.stdout.close()
        with RUNNING_LOCK:
            RUNNING.discard(process.pid)
            processes.end_orphans(keep=RUNNING)
    text = output.decode(errors="replace")
    if problem:
        return None, problem
    # pytest exits 0 (all passed) or 1 (some failed); anything else means it was stopped.
    if process.returncode not in (0, 1) and "--collect-only" not in options:
        return None, f"the grading run ended with status {process.returncode}:\n{text[-1500:]}"
    if report is None:
        return None, f"the grading run sent a report of more than {REPORT_BYTES_LIMIT} bytes"
    try:
        parsed = json.loads(report)
    except ValueError:
        return None, f"the grading run wrote no report:\n{text[-1500:]}"
    if not (isinstance(parsed, dict) and isinstance(parsed.get("tests"), list)):
        return None, "the grading run wrote a report that is not one"
    return parsed, None


def watch(process, report_fd, timeout):
    """Read the trusted process's report and output until both pipes close, within `timeout`
    and the memory limit; return (report bytes or None if too long, output tail, problem)."""
    started = time.monotonic()
    exited_at = None
    report, output, problem = bytearray(), bytearray(), None
    open_fds = {report_fd: report, process.stdout.fileno(): output}
    while open_fds:
        now = time.monotonic()
        if exited_at is None and process.poll() is not None:
            exited_at = now
        if exited_at is not None and now - exited_at > PIPE_GRACE_SECONDS:
            problem = problem or "a process held the grading run's pipes open after it ended"
            break
        if now - started > timeout:
            problem = f"the grading run passed its limit of {timeout:g} s"
            break
        if exited_at is None:
            table = processes.parents()
            used = table.get(process.pid, (0, 0))[1]
            if used > TRUSTED_MEMORY_LIMIT_MB * 2**20:
                problem = (f"the grading run used {used / 2**20:,.0f} MB of memory, over the limit of "
                           f"{TRUSTED_MEMORY_LIMIT_MB:,} MB")
                break
        ready, _, _ = select.select(list(open_fds), [], [], WATCH_SECONDS)
        for fd in ready:
            chunk = os.read(fd, 2**16)
            if not chunk:
                del open_fds[fd]
                continue
            kept = open_fds[fd]
            kept += chunk
            if kept is output and len(output) > OUTPUT_BYTES_KEPT:
                del output[:-OUTPUT_BYTES_KEPT]
            if kept is report and len(report) > REPORT_BYTES_LIMIT:
                return None, bytes(output), problem
    return bytes(report), bytes(output), problem


def collect_tests(modules, confine):
    """The instructor's tests and their points, collected before any student code runs."""
    with tempfile.TemporaryDirectory(prefix="kata-collect-") as work:
        report, problem = run_trusted_pytest(modules, "--collect-only", work=work, confine=confine)
    if report is None:
        sys.exit(f"grader: could not collect the kata tests: {problem}")
    return report["tests"]


# --------------------------------------------------------------------------- submissions


class Submission:
    """One student's kata modules, read once before any student's code runs, with what was
    left out and why."""

    def __init__(self, name):
        self.name = name
        self.files = {}  # kata -> the module's bytes
        self.hashes = {}  # kata -> sha256 of those bytes
        self.refused = {}  # path in the student's folder -> why it was not graded
        self.refused_katas = set()  # katas whose module was there but refused
        self.stray = []  # other files, as paths in the student's folder
        self.stray_count = 0

    def write(self, destination, modules):
        """Lay the modules out like katas/ under `destination`, for the trusted process."""
        for kata, data in self.files.items():
            (destination / kata).mkdir(parents=True)
            (destination / kata / modules[kata]).write_bytes(data)


def tree_entries(root):
    """(relative path, is a symbolic link) of the files and links under `root`, links never
    followed, at most TREE_ENTRIES_LIMIT of them."""
    entries = []
    for folder, subfolders, files in os.walk(root, followlinks=False):
        for name in sorted(subfolders):
            if os.path.islink(os.path.join(folder, name)):
                entries.append((os.path.relpath(os.path.join(folder, name), root), True))
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__"
                               and not os.path.islink(os.path.join(folder, name)))
        for name in sorted(files):
            path = os.path.join(folder, name)
            entries.append((os.path.relpath(path, root), os.path.islink(path)))
        if len(entries) >= TREE_ENTRIES_LIMIT:
            break
    return [(Path(relative).as_posix(), link) for relative, link in entries[:TREE_ENTRIES_LIMIT]]


def read_module(path):
    """The bytes of a submitted module, or (None, why not): no links, no special files, at most
    MODULE_BYTES_LIMIT bytes, read once through one descriptor."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        return None, "a symbolic link" if os.path.islink(path) else f"it cannot be read ({error.strerror})"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, "not a regular file"
        data = handle.read(MODULE_BYTES_LIMIT + 1)
    if len(data) > MODULE_BYTES_LIMIT:
        return None, f"larger than {MODULE_BYTES_LIMIT // 2**10} KB"
    return data, None


def read_submission(name, student_dir, modules, anywhere=False):
    """Read a student's folder, laid out like katas/ (with `anywhere`, a module may also lie at
    any depth, as on Gradescope). A link anywhere is refused, never followed."""
    submission = Submission(name)
    if student_dir.is_symlink():
        submission.refused["."] = "the student's folder is a symbolic link"
        submission.refused_katas = set(modules)
        return submission
    entries = tree_entries(student_dir)
    links = {path for path, link in entries if link}
    for path in sorted(links)[:STRAY_LISTED]:
        submission.refused[path] = "a symbolic link"
    if len(links) > STRAY_LISTED:
        submission.refused["..."] = f"and {len(links) - STRAY_LISTED} more symbolic links"
    files = [path for path, link in entries if not link]
    chosen = set()
    for kata, module in modules.items():
        expected = f"{kata}/{module}"
        found = expected if expected in files else None
        if found is None and anywhere:
            found = next((path for path in files if path.rsplit("/", 1)[-1] == module), None)
        if found is None:
            if kata in links or expected in links or (anywhere and any(path.rsplit("/", 1)[-1] == module for path in links)):
                submission.refused_katas.add(kata)
            continue
        chosen.add(found)
        data, why = read_module(student_dir / found)
        if why:
            submission.refused[found] = why
            submission.refused_katas.add(kata)
            continue
        submission.files[kata] = data
        submission.hashes[kata] = hashlib.sha256(data).hexdigest()
    stray = [path for path in files if path not in chosen]
    submission.stray = stray[:STRAY_LISTED]
    submission.stray_count = len(stray)
    return submission


# --------------------------------------------------------------------------- one student


def grade_student(submission, settings):
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kata-grade-") as work:
        folder = Path(work, "submission")
        folder.mkdir()
        submission.write(folder, settings.modules)
        report, problem = run_trusted_pytest(
            settings.modules, f"--impl={folder}", "--sandboxed", f"--kata-seed={settings.seed}",
            f"--call-timeout={settings.timeout}", f"--memory-limit={settings.memory_limit}",
            work=work, submission=folder, confine=settings.confine,
        )
    return score(submission, settings, report or {"tests": [], "kata_status": {}}, problem,
                 time.monotonic() - started)


def score(submission, settings, report, problem, seconds):
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
            "output": cut(str(output)),
            "visibility": "visible",
        })
        entry = katas.setdefault(kata, {"points": 0, "max_points": 0})
        entry["points"] += expected["points"] if passed else 0
        entry["max_points"] += expected["points"]
    for kata, entry in katas.items():
        if kata in submission.refused_katas:
            entry["status"] = "refused"
        elif kata not in submission.hashes:
            entry["status"] = "not submitted"
        elif problem:
            entry["status"] = "crash"
        else:
            entry["status"] = statuses.get(kata, "ok")
    total = sum(entry["points"] for entry in katas.values())
    maximum = sum(entry["max_points"] for entry in katas.values())
    stray = submission.stray + ([f"... and {submission.stray_count - len(submission.stray)} more"]
                                if submission.stray_count > len(submission.stray) else [])
    return {
        "student": submission.name,
        "score": total,
        "max_score": maximum,
        "execution_time": round(seconds, 1),
        "tests": tests,
        "output": f"{total}/{maximum} points." + (f"\nThe grading run failed: {cut(problem)}" if problem else ""),
        "visibility": "visible",
        "extra_data": {
            "katas": katas,
            "sha256": submission.hashes,
            "stray_files": stray,
            "refused_files": submission.refused,
            "seed": settings.seed,
            "grader_version": settings.version,
            "confinement": {"trusted": report.get("trusted_confinement") or settings.confinement,
                            "student": report.get("child_confinement") or settings.confinement},
        },
    }


def cut(text):
    """At most OUTPUT_LIMIT characters of a test's output, saying so when cut."""
    if len(text) <= OUTPUT_LIMIT:
        return text
    return text[:OUTPUT_LIMIT] + f"\n[... {len(text) - OUTPUT_LIMIT} more characters cut]"


# --------------------------------------------------------------------------- outputs


def write_gradebook(path, results, modules):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *modules, "total", "max", *(f"{kata} status" for kata in modules)])
        for result in results:
            katas = result["extra_data"]["katas"]
            writer.writerow([
                spreadsheet_safe(result["student"]),
                *(katas[kata]["points"] for kata in modules),
                result["score"],
                result["max_score"],
                *(katas[kata]["status"] for kata in modules),
            ])


def spreadsheet_safe(text):
    """A cell a spreadsheet shows as text: one that begins like a formula gets a quote first."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
    parser.add_argument("--seed", type=int, default=None,
                        help="the tests' base seed; default: a new random one, printed and recorded")
    parser.add_argument("--unconfined", action="store_true",
                        help="grade even where Landlock is unavailable, with no kernel confinement of "
                        "students' code (printed and recorded in every result)")
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


def confinement_or_exit(unconfined):
    """What will confine students' code here: the record every result carries. Without
    Landlock the grader refuses to start, unless told --unconfined."""
    if unconfined:
        return {"landlock_abi": None, "unconfined": True}
    why = landlock.why_unavailable()
    if why:
        sys.exit(
            f"grader: cannot confine students' code on this machine: {why}.\n"
            "A student's code could then read the solutions, rewrite the tests or the gradebook. Grade on "
            "Linux 5.13 or later (in a container, its seccomp profile must allow the three landlock_* "
            "system calls), or pass --unconfined to grade anyway; every result then records that."
        )
    return {"landlock_abi": landlock.abi_version(), "unconfined": False}


class Settings:
    def __init__(self, arguments):
        selected = set(arguments.katas.split(",")) if arguments.katas else None
        self.modules = kata_modules(selected)
        if not self.modules:
            sys.exit(f"grader: no kata matches --katas={arguments.katas}")
        # A fixed seed is public: a student could rebuild its data and pre-fit weights to it.
        self.seed = arguments.seed if arguments.seed is not None else secrets.randbelow(10**6)
        self.timeout = arguments.timeout
        self.memory_limit = arguments.memory_limit
        self.confinement = confinement_or_exit(arguments.unconfined)
        self.confine = not arguments.unconfined
        self.version = version()
        self.tests = collect_tests(self.modules, self.confine)

    def header(self):
        if self.confine:
            how = f"students' code confined by Landlock ABI {self.confinement['landlock_abi']}"
        else:
            how = "UNCONFINED: students' code can read and write what this user can (--unconfined)"
        return f"seed {self.seed} (--seed {self.seed} repeats it), grader {self.version}; {how}"


def main(argv=None):
    arguments = parse_arguments(argv)
    processes.become_subreaper()  # whatever a grading run leaves behind is handed to us, and ended
    processes.hide_from_other_processes()
    settings = Settings(arguments)
    if arguments.gradescope:
        return grade_gradescope(arguments.gradescope_root, settings)
    entries = sorted(arguments.submissions.iterdir())
    # Every submission is read before any student's code runs: none can change another's.
    submissions = [read_submission(path.name, path, settings.modules) for path in entries
                   if path.is_dir() or path.is_symlink()]
    stray = [path.name for path in entries if not (path.is_dir() or path.is_symlink())]
    jobs = arguments.jobs or default_jobs()
    out = arguments.out
    print(f"Grading {len(submissions)} students on {len(settings.modules)} katas, {jobs} at a time; "
          f"{settings.header()}.", flush=True)
    if stray:
        print(f"Ignored, not student folders: {', '.join(stray[:STRAY_LISTED])}")
    started = time.monotonic()
    results, lock = [], threading.Lock()

    def grade(submission):
        result = grade_student(submission, settings)
        with lock:
            results.append(result)
            print(f"[{len(results)}/{len(submissions)}] {submission.name}: {result['score']}/{result['max_score']} "
                  f"points in {result['execution_time']:.0f} s; elapsed {time.monotonic() - started:.0f} s", flush=True)
        return result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(grade, submissions))
    # Nothing a student started outlives the grading: only then are the grades written.
    processes.end_orphans()
    results.sort(key=lambda result: result["student"])
    (out / "results").mkdir(parents=True, exist_ok=True)
    for result in results:
        (out / "results" / f"{result['student']}.json").write_text(json.dumps(gradescope_json(result), indent=1))
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
        refused = result["extra_data"]["refused_files"]
        if refused:
            print(f"  {result['student']}: refused " + "; ".join(f"{path} ({why})" for path, why in list(refused.items())[:5]))


def grade_gradescope(root, settings):
    """Gradescope's autograder: the submission is in root/submission, laid out like katas/
    or as the module files alone; the result goes to root/results/results.json."""
    print(settings.header(), flush=True)
    submission = read_submission("submission", root / "submission", settings.modules, anywhere=True)
    result = grade_student(submission, settings)
    processes.end_orphans()
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(gradescope_json(result), indent=1))
    print(f"{result['score']}/{result['max_score']} points in {result['execution_time']:.0f} s")
    return 0
