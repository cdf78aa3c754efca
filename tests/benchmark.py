"""Speed and reliability of the kata tests against the reference solutions.

    python tests/benchmark.py [--seeds 20] [--repeats 3]

Speed: each kata's `pytest katas/NN_name --impl=solutions` must take at most 4 times as long as
`python -c "import keras"`, both measured here, in the same run, on this machine.
Reliability: every training test must pass on the reference solution for every seed tried;
the report shows the epochs used and how close the seeds came to the bar (held-out score / bar:
below 1 passes for an error, above 1 for an accuracy).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from kata_records.catalog import REPO, discover  # noqa: E402
from kata_records.report import Outcome, Report  # noqa: E402

SPEED_LIMIT = 4.0


def seconds(command):
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=False, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def pytest_command(*args):
    return [sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider"]


def speed(repeats):
    katas = [kata.name for kata in discover()]
    import_keras = statistics.median(seconds([sys.executable, "-c", "import keras"]) for _ in range(repeats))
    print(f"python -c 'import keras': {import_keras:.2f} s (median of {repeats})")
    ok = True
    for kata in katas:
        took = statistics.median(
            seconds(pytest_command(f"katas/{kata}", "--impl=solutions")) for _ in range(repeats)
        )
        ratio = took / import_keras
        ok &= ratio <= SPEED_LIMIT
        print(f"pytest katas/{kata} --impl=solutions: {took:.2f} s = {ratio:.2f} x import keras "
              f"({'ok' if ratio <= SPEED_LIMIT else 'TOO SLOW'}, limit {SPEED_LIMIT:g} x)")
    return ok


def reliability(seeds):
    results = {}  # test id -> list of (seed, passed, epochs, score / bar)
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, seeds + 1):
            path = Path(tmp, f"seed-{seed}.json")
            subprocess.run(
                pytest_command("katas", "--impl=solutions", "-m", "training", f"--kata-seed={seed}",
                               f"--grade-report={path}"),
                cwd=REPO, capture_output=True, stdin=subprocess.DEVNULL,
            )
            for test in Report.from_json(path.read_text()).tests:
                # A passing training test records its margin (kata_checks/training.py).
                margin = test.properties.get("kata_training")
                epochs, ratio = (margin["epochs"], margin["score"] / margin["bar"]) if margin else (None, None)
                name = f"{test.kata}::{test.name}"
                results.setdefault(name, []).append((seed, test.outcome is Outcome.PASSED, epochs, ratio))
    ok = True
    for name, runs in results.items():
        passes = sum(passed for _, passed, _, _ in runs)
        ok &= passes == len(runs)
        epochs = [e for _, _, e, _ in runs if e is not None]
        margins = [m for _, _, _, m in runs if m is not None]
        figures = (
            f"; epochs {min(epochs)}-{max(epochs)}; held-out score / bar {min(margins):.2f}-{max(margins):.2f}"
            if epochs and margins
            else ""
        )
        print(f"{name}: passed {passes} of {len(runs)} seeds{figures}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    fast = speed(args.repeats)
    reliable = reliability(args.seeds)
    sys.exit(0 if fast and reliable else 1)


if __name__ == "__main__":
    main()
