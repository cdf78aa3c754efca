"""`python -m kata_watch [KATA] [--impl=PATH]`: work on one kata at a time, and see where you
stand each time you save.

It finds the first kata not done (or takes KATA: 01, 02_many_to_many, ...), runs its tests, and
shows its row of the progress table, the first failure's message and the "Next:" line. Each time
the kata's module is saved it runs them again: the tests that train no model first, which answer
in about a second, then, once those pass, the whole kata. When every test passes it moves on to
the next kata. Ctrl-C leaves.

TensorFlow is imported once, here; each run is a pytest session of its own in a forked child
(kata_watch/sessions.py). The file is watched by polling its modification time: one stat()
every POLL_SECONDS costs nothing measurable at rest, and needs no dependency.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from kata_records.catalog import discover
from kata_runtime.loading import shown_path
from kata_watch import sessions
from kata_watch.rerun import Rerun, rerun

POLL_SECONDS = 0.2
FAST_TESTS = "not training"
FAILURE_LINES = 30  # of the first failure's message: the rest is one --tb=long run away
CLEAR = "\x1b[2J\x1b[H"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m kata_watch", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "kata", nargs="?", help="the kata to start with (01, 02_many_to_many, ...); default: the first not done"
    )
    parser.add_argument("--impl", metavar="PATH", help="watch the kata modules under PATH, laid out like katas/")
    arguments = parser.parse_args(argv)
    katas = discover()
    if arguments.kata is not None and not any(kata.selected_by([arguments.kata]) for kata in katas):
        parser.error(f"no kata is called {arguments.kata}; the katas are {', '.join(k.name for k in katas)}")
    if arguments.impl is not None and not Path(arguments.impl).is_dir():
        parser.error(f"--impl={arguments.impl}: there is no such folder")
    return arguments, katas


def main(argv=None):
    arguments, katas = parse_arguments(argv)
    # Ctrl-C is how a learner leaves, even where the watcher was started with SIGINT ignored
    # (as a child of a process that ignores it inherits).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    options = [f"--impl={arguments.impl}"] if arguments.impl else []
    print("Importing TensorFlow once, for every run that follows...", flush=True)
    sessions.prepare()
    try:
        watch(katas, arguments.kata, options, arguments.impl)
    except KeyboardInterrupt:
        print("\nStopped watching.")
    sys.stdout.flush()
    # Nothing here needs the interpreter's teardown, which with TensorFlow loaded takes a second
    # or more: leave at once.
    os._exit(0)


def first_not_done(katas, options):
    """The position of the first kata whose tests do not all pass, or None."""
    for position, kata in enumerate(katas):
        print(f"Checking {kata.name}...", flush=True)
        if not rerun(kata, options).done:
            return position
    return None


def watch(katas, start, options, impl):
    if start:
        position = next(i for i, kata in enumerate(katas) if kata.selected_by([start]))
    else:
        position = first_not_done(katas, options)
    if position is None:
        print("Every kata is done. Compare yours with solutions/, or start one again: python -m kata_watch 01")
        return
    note = None
    while position < len(katas):
        kata = katas[position]
        module = kata.module_under(impl) if impl else kata.stub
        # The version each run tests is the one on disk when it starts: a save during the run
        # starts another once it ends.
        tested = modified(module)
        result = run_and_show(kata, module, options, note)
        while not result.done:
            while modified(module) == tested:
                time.sleep(POLL_SECONDS)
            tested = modified(module)
            result = run_and_show(kata, module, options, None)
        position += 1
        note = f"{kata.name} is done! On to {katas[position].name}." if position < len(katas) else None
    print("\nEvery kata is done. Compare yours with solutions/.")


def run_and_show(kata, module, options, note) -> Rerun:
    """The fast tests first; the whole kata only once they pass. `note`: a line for the top."""
    show(kata, module, note, None, "running the tests that train no model...")
    result = rerun(kata, options, only=FAST_TESTS)
    if result.failed == 0:
        show(kata, module, note, result, "running the whole kata, training included...")
        result = rerun(kata, options)
    show(kata, module, note, result, None)
    return result


def show(kata, module, note, result, doing):
    lines = [CLEAR + (f"{note}\n\n" if note else "") + kata.title, ""]
    if result is not None:
        lines += result.lines
        if result.first_failure:
            failure = result.first_failure.splitlines()
            lines += ["", *failure[:FAILURE_LINES], *(["..."] if len(failure) > FAILURE_LINES else [])]
        if result.next_step:
            lines += ["", "Next: " + result.next_step]
    shown = shown_path(module)
    lines += [
        "",
        f"{doing}"
        if doing
        else f"Watching {shown}: save it to run again ({result.seconds:.1f} s this run). Ctrl-C leaves.",
    ]
    print("\n".join(lines), flush=True)


def modified(path):
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
