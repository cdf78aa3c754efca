"""Runs pytest sessions for the self-tests in forked children of one process that has already
imported TensorFlow, so that each run skips the seconds that import costs (the same warm
sessions as the watch mode's, kata_watch/sessions.py).

Each child is a new process that runs `pytest.main(args)` from the repository root, with its
output in a file and nothing inherited but the modules imported here: what a run of the kata
tests reports does not depend on whether it started this way or from scratch. The self-tests
that watch what a learner's terminal shows at start-up still start a fresh interpreter.

    python tests/pytest_server.py REPO   # then one JSON request per line on stdin:
    {"id": N, "args": [...], "output": "PATH", "timeout": SECONDS}  ->  {"id": N, "returncode": CODE}
"""

import json
import os
import sys
from pathlib import Path

# The repository's root, where every run starts: given by the self-tests that start this server.
REPO = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
sys.path[:0] = [str(REPO), str(REPO / "tests")]
from kata_sandbox import warm_children  # noqa: E402 - found through the path just set
from kata_watch import sessions  # noqa: E402


def run(args, output, timeout):
    out = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    # A sandboxed run forks its children warm, as the grader's trusted process does.
    first = warm_children.start_server if "--sandboxed" in args else None
    try:
        pid = sessions.start(args, out, REPO, first=first)
    finally:
        os.close(out)
    return sessions.wait(pid, timeout)


def main():
    sessions.prepare()
    for line in sys.stdin:
        request = json.loads(line)
        code = run(request["args"], request["output"], request["timeout"])
        print(json.dumps({"id": request["id"], "returncode": code}), flush=True)


if __name__ == "__main__":
    main()
