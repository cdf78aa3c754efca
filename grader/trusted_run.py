"""Running the instructor's tests in a confined trusted pytest process (grader/trusted.py),
forked by the warm-start server this module keeps, and reading its report back: every wait has
a deadline, its memory is watched, and what is kept of its pipes is capped."""

import atexit
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from grader import trusted
from kata_records.catalog import REPO
from kata_records.report import Report
from kata_sandbox import forkserver, processes

RUN_LIMIT_SECONDS = 1800
# The trusted pytest process holds TensorFlow and the tests' models; this is well above what
# a kata run needs, and far below what a machine that grades several students at once has.
TRUSTED_MEMORY_LIMIT_MB = 4000
REPORT_BYTES_LIMIT = 8 * 2**20  # the trusted process's report: a few KB per test
OUTPUT_BYTES_KEPT = 64 * 2**10  # the tail of the trusted process's own output, for a failure
# Where namespaces allow, the trusted process's scratch folder is a tmpfs of this size: it holds
# the child's scratch folder (kata_sandbox/child.py SCRATCH_MB) and the tests' own temporary files.
TRUSTED_SCRATCH_MB = 512
PIPE_GRACE_SECONDS = 10  # after the trusted process exits, the longest wait for its pipes to close
WATCH_SECONDS = 0.5

RUNNING = set()
RUNNING_LOCK = threading.Lock()
WARM_START = {}  # "server": the ForkServer of the trusted processes, started on first use
# Set when the grader is told to stop (Ctrl-C, SIGTERM): every run still watched ends at once,
# with every process it started and its cgroup, before the grader exits.
STOPPING = threading.Event()


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


def run_trusted_pytest(
    modules, *options, work, submission=None, confine=True, without=(), group=None, timeout=RUN_LIMIT_SECONDS
):
    """Run the instructor's tests in a confined trusted pytest process (grader/trusted.py);
    return (report or None, why not).

    The report comes back through a pipe that only that process holds: the student's child,
    started by it with nothing but its own two pipes, cannot write to it, print a fake one into
    the test output, or leave a file that stands for it. Every wait here has a deadline, the
    process's memory is watched, and what is kept of its pipes is capped. With a cgroup
    `group` (grader/cgroups.py), the process joins it before anything else, and whatever is
    left in it at the end is killed.
    """
    scratch = Path(work, "trusted")
    scratch.mkdir()
    confinement = [
        *([] if confine else ["--unconfined"]),
        *(["--no-namespaces"] if "namespaces" in without else []),
        *(f"--join-cgroup={path}" for path in (group.joining_files() if group else ())),
        "--scratch-mb",
        str(TRUSTED_SCRATCH_MB),
        "--writable",
        str(scratch),
        *(["--readable", str(submission)] if submission else []),
    ]
    pytest_arguments = [
        *(f"katas/{kata}" for kata in modules),
        "-q",
        "-p",
        "no:cacheprovider",
        f"--grade-report=fd:{trusted.REPORT_FD}",
        *options,
        *([] if confine else ["--unconfined"]),
    ]
    output_read, output_write = os.pipe()
    report_read, report_write = os.pipe()
    arguments_read, arguments_write = os.pipe()
    # The seed and the paths travel on pipes and the server's socket, which no other process can
    # read; a command line or an environment is readable by any process of the machine.
    payload = {"arguments": confinement, "environment": trusted_environment(scratch)}
    try:
        with open(os.devnull, "rb") as null, RUNNING_LOCK:  # registered before end_orphans can see it
            process = warm_start().start(payload, [null.fileno(), output_write, report_write, arguments_read])
            RUNNING.add(process.pid)
    except OSError as error:
        for fd in (output_read, report_read, arguments_write):
            os.close(fd)
        return None, f"the grading run could not start: {error}"
    finally:
        for fd in (output_write, report_write, arguments_read):
            os.close(fd)
    try:
        with os.fdopen(arguments_write, "wb") as handle:
            handle.write(json.dumps(pytest_arguments).encode())  # far smaller than the pipe's buffer
    except BrokenPipeError:
        pass  # it ended before it read them (it could not confine itself): watch() reports how
    try:
        report, output, problem = watch(process, report_read, output_read, timeout)
    finally:
        processes.end_tree(process.pid, reap_root=False)
        process.wait()
        os.close(report_read)
        os.close(output_read)
        if group is not None:
            group.end()
        with RUNNING_LOCK:
            RUNNING.discard(process.pid)
            processes.end_orphans(keep=RUNNING | warm_start_pids())
    text = output.decode(errors="replace")
    if problem:
        return None, problem
    if group is not None and group.memory_kills():
        return None, (
            f"the grading run's processes held more than the {group.memory_mb:,} MB of memory its "
            "cgroup allows, together, and the kernel ended one"
        )
    # pytest exits 0 (all passed) or 1 (some failed); anything else means it was stopped.
    # With --collect-only, 5 means no test was collected; 2 (an error collecting) is no collection.
    if process.returncode not in (0, 1) and not ("--collect-only" in options and process.returncode == 5):
        return None, f"the grading run ended with status {process.returncode}:\n{text[-1500:]}"
    if report is None:
        return None, f"the grading run sent a report of more than {REPORT_BYTES_LIMIT} bytes"
    if not report.strip():
        return None, f"the grading run wrote no report:\n{text[-1500:]}"
    try:
        return Report.from_json(report), None
    except ValueError as error:
        return None, f"the grading run wrote a report that is not one ({error})"


def watch(process, report_fd, output_fd, timeout):
    """Read the trusted process's report and output until both pipes close, within `timeout`
    and the memory limit; return (report bytes or None if too long, output tail, problem)."""
    started = time.monotonic()
    exited_at = None
    report, output, problem = bytearray(), bytearray(), None
    open_fds = {report_fd: report, output_fd: output}
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
        if STOPPING.is_set():
            problem = "the grader was stopped"
            break
        if exited_at is None:
            # The pytest process runs below the one started here, which only waits for it.
            table = processes.parents()
            used = sum(rss for pid, (parent, rss, _) in table.items() if process.pid in (pid, parent))
            if used > TRUSTED_MEMORY_LIMIT_MB * 2**20:
                problem = (
                    f"the grading run used {used / 2**20:,.0f} MB of memory, over the limit of "
                    f"{TRUSTED_MEMORY_LIMIT_MB:,} MB"
                )
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


def warm_start():
    """The server that forks every trusted process (grader/trusted.py), started on first use:
    one fresh interpreter imports TensorFlow, Keras and pytest once for the whole class."""
    server = WARM_START.get("server")
    if server is not None and server.open:
        return server
    home = Path(tempfile.mkdtemp(prefix="kata-warm-"))
    client, server_end = forkserver.ForkServer.pair()
    process = subprocess.Popen(
        [sys.executable, "-m", "grader.trusted", str(server_end.fileno())],
        cwd=REPO,
        env=trusted_environment(home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(server_end.fileno(),),
        start_new_session=True,
    )
    server_end.close()
    WARM_START.update(server=forkserver.ForkServer(client, process.pid), process=process, home=home)
    atexit.register(stop_warm_start)
    return WARM_START["server"]


def warm_start_pids():
    """The warm-start server's pid, which a sweep of orphans keeps while it serves."""
    process = WARM_START.get("process")
    return {process.pid} if process is not None and process.poll() is None else set()


def stop_warm_start():
    """End the warm-start server, and remove its folder."""
    if "server" not in WARM_START:
        return
    WARM_START["server"].close()
    process = WARM_START["process"]
    try:
        process.wait(timeout=PIPE_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        processes.end_tree(process.pid, reap_root=False)
        process.wait()
    shutil.rmtree(WARM_START["home"], ignore_errors=True)
    WARM_START.clear()


def collect_tests(modules, confine):
    """The instructor's tests and their points, collected before any student code runs."""
    with tempfile.TemporaryDirectory(prefix="kata-collect-") as work:
        report, problem = run_trusted_pytest(modules, "--collect-only", work=work, confine=confine)
    if report is None:
        sys.exit(f"grader: could not collect the kata tests: {problem}")
    return report.tests
