"""Runs pytest sessions for the self-tests in forked children of one process that has already
imported TensorFlow, so that each run skips the seconds that import costs.

Each child is a new process that runs `pytest.main(args)` from the repository root, with its
output in a file and nothing inherited but the modules imported here: what a run of the kata
tests reports does not depend on whether it started this way or from scratch. The self-tests
that watch what a learner's terminal shows at start-up still start a fresh interpreter.

    python tests/pytest_server.py REPO   # then one JSON request per line on stdin:
    {"id": N, "args": [...], "output": "PATH", "timeout": SECONDS}  ->  {"id": N, "returncode": CODE}
"""

import json
import os
import signal
import sys
import time
from pathlib import Path

# The repository's root, where every run starts: given by the self-tests that start this server.
REPO = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()


def run(args, output, timeout):
    pid = os.fork()
    if pid == 0:  # the child: a pytest run of its own
        try:
            os.chdir(REPO)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            out = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, 1)
            os.dup2(out, 2)
            os.setsid()  # its own process group, ended as one on a timeout
            import pytest

            code = int(pytest.main(args))
        except BaseException:  # noqa: BLE001 - the run's own failure is its exit status
            code = 3
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return -signal.SIGKILL
        time.sleep(0.05)


def main():
    # What the kata plugin sets before TensorFlow is imported, set here before it is.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    sys.path[:0] = [str(REPO), str(REPO / "tests")]
    import keras  # noqa: F401 - the import every run would otherwise repeat
    import pytest  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        code = run(request["args"], request["output"], request["timeout"])
        print(json.dumps({"id": request["id"], "returncode": code}), flush=True)


if __name__ == "__main__":
    main()
