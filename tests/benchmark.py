"""Speed, reliability and baselines of the kata tests against the reference solutions.

    python tests/benchmark.py [--seeds 20] [--repeats 3] [--wrong-seeds 3]

Speed: each kata's `pytest katas/NN_name --impl=solutions` must take at most SPEED_LIMIT (3) times as long as
`python -c "import keras"`, both measured here, in the same run, on this machine. The watch mode
(`python -m kata_watch`) on kata 01: the time from saving the module to the first failure on
screen, for a mistake its tests that train no model catch and for one only training catches
(the whole kata runs), against a cold `pytest katas/01_many_to_one` on the same file; and the
watcher's share of a core at rest.
Reliability: every training test must pass on the reference solution for every seed tried;
the report shows the epochs used and the held-out score against the bar (an error as a share of
the targets' variance, or an accuracy), beside the simple baselines on the same data (the
median over the seeds) and the known wrong designs: each wrong submission whose mistake a
training test must catch, trained on the first seeds.
"""

import argparse
import ast
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import kata_runs  # noqa: E402
from kata_records.catalog import REPO, discover  # noqa: E402
from kata_records.report import Outcome, Report  # noqa: E402
from kata_runs import SUBMISSIONS, Watcher, module_source, save  # noqa: E402

SPEED_LIMIT = 3.0
WATCH_GOAL = 1.0  # a rerun of kata 01 in under this many times `import keras`
WATCH_KATA, WATCH_MODULE = "01_many_to_one", "many_to_one.py"
# A mistake the tests that train no model catch, and one only the training test catches.
FAST_MISTAKE, TRAINING_MISTAKE = "windows_target_inside_window.py", "learning_rate_too_small.py"
REST_SECONDS = 10


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
    ok = watch_speed(import_keras, repeats)
    for kata in katas:
        took = statistics.median(seconds(pytest_command(f"katas/{kata}", "--impl=solutions")) for _ in range(repeats))
        ratio = took / import_keras
        ok &= ratio <= SPEED_LIMIT
        print(
            f"pytest katas/{kata} --impl=solutions: {took:.2f} s = {ratio:.2f} x import keras "
            f"({'ok' if ratio <= SPEED_LIMIT else 'TOO SLOW'}, limit {SPEED_LIMIT:g} x)"
        )
    return ok


def watch_speed(import_keras, repeats):
    """The watch mode's time from a save to the screen that shows the result, and its CPU at rest."""
    kata_runs.RUNNING_END_TO_END["marked"] = True  # a measurement, not a self-test: it may start anything
    wrong = SUBMISSIONS / "wrong" / WATCH_KATA
    with tempfile.TemporaryDirectory() as tmp:
        module = Path(tmp, WATCH_KATA, WATCH_MODULE)
        module.parent.mkdir()
        module.write_text(module_source(wrong / FAST_MISTAKE))
        cold_fast = statistics.median(
            seconds(pytest_command(f"katas/{WATCH_KATA}", f"--impl={tmp}", "-m", "not training"))
            for _ in range(repeats)
        )
        cold = statistics.median(
            seconds(pytest_command(f"katas/{WATCH_KATA}", f"--impl={tmp}")) for _ in range(repeats)
        )
        watcher = Watcher(WATCH_KATA[:2], f"--impl={tmp}")
        try:
            watcher.next_screen()
            times = {FAST_MISTAKE: [], TRAINING_MISTAKE: []}
            for _ in range(repeats):
                for mistake in (TRAINING_MISTAKE, FAST_MISTAKE):
                    started = time.perf_counter()
                    save(module, module_source(wrong / mistake))
                    watcher.next_screen()
                    times[mistake].append(time.perf_counter() - started)
            before = cpu_seconds(watcher.process.pid)
            time.sleep(REST_SECONDS)
            at_rest = (cpu_seconds(watcher.process.pid) - before) / REST_SECONDS
        finally:
            watcher.leave()
    fast, whole = statistics.median(times[FAST_MISTAKE]), statistics.median(times[TRAINING_MISTAKE])
    print(
        f"python -m kata_watch, kata 01, save -> first failure on screen: {fast:.2f} s = "
        f"{fast / import_keras:.2f} x import keras ({'ok' if fast < WATCH_GOAL * import_keras else 'TOO SLOW'}, "
        f"goal under {WATCH_GOAL:g} x) for its tests that train no model; {whole:.2f} s for the whole kata"
    )
    print(f"    cold pytest katas/{WATCH_KATA}: {cold_fast:.2f} s (-m 'not training'), {cold:.2f} s (whole kata)")
    print(f"    the watcher at rest: {100 * at_rest:.2f}% of a core")
    return fast < WATCH_GOAL * import_keras


def cpu_seconds(pid):
    """User and system CPU seconds of process `pid` so far."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def training_runs(impl, seeds, kata="katas"):
    """test id -> [(seed, passed, the kata_training record or None)] over `seeds`."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            path = Path(tmp, f"seed-{seed}.json")
            subprocess.run(
                pytest_command(
                    kata, f"--impl={impl}", "-m", "training or seeded", f"--kata-seed={seed}", f"--grade-report={path}"
                ),
                cwd=REPO,
                capture_output=True,
                stdin=subprocess.DEVNULL,
            )
            if not path.exists():
                continue
            for test in Report.from_json(path.read_text()).tests:
                # Every training test records its figures (kata_checks/training.py).
                record = test.properties.get("kata_training")
                results.setdefault(f"{test.kata}::{test.name}", []).append(
                    (seed, test.outcome is Outcome.PASSED, record)
                )
    return results


def figures(runs):
    """The score range, the epochs and the baselines' medians of one test's runs."""
    records = [record for _, _, record in runs if record]
    scores = [record["score"] for record in records if record["score"] is not None]
    epochs = [record["epochs"] for record in records]
    baselines = {}
    for record in records:
        for name, score in record.get("baselines", {}).items():
            baselines.setdefault(name, []).append(score)
    return scores, epochs, {name: statistics.median(values) for name, values in baselines.items()}


def wrong_designs():
    """kata name -> [(mistake, path)] of the wrong submissions that a training test must catch."""
    designs = {}
    for path in sorted(Path(REPO, "tests", "submissions", "wrong").glob("*/*.py")):
        caught_by = next(
            (
                ast.literal_eval(node.value)
                for node in ast.parse(path.read_text()).body
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "CAUGHT_BY"
            ),
            {},
        )
        if any("learns" in test or "looks_at" in test for test in caught_by):
            designs.setdefault(path.parent.name, []).append((path.stem, path))
    return designs


def wrong_design_runs(seeds):
    """test id -> [(mistake, runs)]: each known wrong design trained on `seeds`."""
    modules = {kata.name: kata.module for kata in discover()}
    results = {}
    for kata, designs in wrong_designs().items():
        for mistake, path in designs:
            with tempfile.TemporaryDirectory() as tmp:
                (Path(tmp) / kata).mkdir()
                (Path(tmp) / kata / f"{modules[kata]}.py").write_text(module_source(path))
                for name, runs in training_runs(tmp, seeds, f"katas/{kata}").items():
                    results.setdefault(name, []).append((mistake, runs))
    return results


def reliability(seeds, wrong_seeds):
    results = training_runs("solutions", range(1, seeds + 1))
    wrong = wrong_design_runs(range(1, wrong_seeds + 1)) if wrong_seeds else {}
    ok = True
    for name, runs in results.items():
        passes = sum(passed for _, passed, _ in runs)
        ok &= passes == len(runs)
        scores, epochs, baselines = figures(runs)
        bar = next((record["bar"] for _, _, record in runs if record), None)
        line = f"{name}: passed {passes} of {len(runs)} seeds"
        if scores and epochs:
            line += f"; epochs {min(epochs)}-{max(epochs)}; held-out score {min(scores):.3g}-{max(scores):.3g}"
            line += f" (bar {bar:g})"
        print(line)
        if baselines:
            print("    baselines: " + ", ".join(f"{base} {score:.3g}" for base, score in baselines.items()))
        for mistake, wrong_runs in wrong.get(name, []):
            wrong_scores, _, _ = figures(wrong_runs)
            wrong_passes = sum(passed for _, passed, _ in wrong_runs)
            score = f"{min(wrong_scores):.3g}-{max(wrong_scores):.3g}" if wrong_scores else "no score"
            print(f"    wrong design {mistake}: {score}, passed {wrong_passes} of {len(wrong_runs)} seeds")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--wrong-seeds", type=int, default=3, help="seeds for each known wrong design; 0 skips them")
    args = parser.parse_args()
    fast = speed(args.repeats)
    reliable = reliability(args.seeds, args.wrong_seeds)
    sys.exit(0 if fast and reliable else 1)


if __name__ == "__main__":
    main()
