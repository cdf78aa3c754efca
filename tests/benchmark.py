"""Speed and reliability of the kata tests against the reference solutions.

    python tests/benchmark.py [--seeds 20] [--repeats 3]

Speed: each kata's `pytest katas/NN_name --impl=solutions` must take at most 4 times as long as
`python -c "import keras"`, both measured here, in the same run, on this machine.
Reliability: every training test must pass on the reference solution for every seed tried;
the report shows the epochs used and how close the seeds came to the bar (held-out score / bar:
below 1 passes for an error, above 1 for an accuracy).
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEED_LIMIT = 4.0


def seconds(command):
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=False, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def pytest_command(*args):
    return [sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider"]


def speed(repeats):
    katas = sorted(p.name for p in (REPO / "katas").iterdir() if p.is_dir() and p.name[:2].isdigit())
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
    results = {}  # test id -> list of (seed, passed, epochs, error / required)
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, seeds + 1):
            report = Path(tmp, f"seed-{seed}.xml")
            subprocess.run(
                pytest_command("katas", "--impl=solutions", "-m", "training", f"--kata-seed={seed}",
                               f"--junitxml={report}", "-o", "junit_logging=system-out"),
                cwd=REPO, capture_output=True, stdin=subprocess.DEVNULL,
            )
            for case in ElementTree.parse(report).getroot().iter("testcase"):
                passed = case.find("failure") is None and case.find("error") is None
                out = "".join(e.text or "" for e in case.iter("system-out"))
                match = re.search(r"epochs=(\d+) score=(\S+) bar=(\S+)", out)
                # score / bar: below 1 passes for an error, above 1 for an accuracy.
                epochs, margin = (int(match[1]), float(match[2]) / float(match[3])) if match else (None, None)
                name = f"{case.get('classname').split('.')[1]}::{case.get('name')}"
                results.setdefault(name, []).append((seed, passed, epochs, margin))
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
