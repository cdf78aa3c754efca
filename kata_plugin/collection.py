"""Which collected tests are kata tests, what each is worth, and each one's seed."""

import zlib
from pathlib import Path

import pytest

from kata_plugin.options import RUN
from kata_records.catalog import kata_of_test_file

TEST_SEED = pytest.StashKey[int]()
KATA = pytest.StashKey[object]()  # the kata test's Kata record


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): how many points a graded kata test is worth (n > 0).")
    config.addinivalue_line(
        "markers",
        "seeded: the verdict rests on random data or weights drawn from the test's seed, though nothing "
        "trains; tests/benchmark.py runs it for many seeds, as it runs the training tests.",
    )


def is_kata_test(item):
    return item.stash.get(TEST_SEED, None) is not None


def pytest_deselected(items):
    """Count the tests that -k or -m leave out, per kata: a kata is not done while some of its
    tests did not run."""
    run = items[0].config.stash[RUN] if items else None
    for item in items:
        kata = kata_of_test_file(item.path)
        if kata is not None:
            run.deselected[kata.name] = run.deselected.get(kata.name, 0) + 1


def pytest_collection_finish(session):
    # After -k and -m have deselected: the score counts only the tests that run.
    run = session.config.stash[RUN]
    for item in session.items:
        kata = kata_of_test_file(item.path)
        if kata is None:
            continue
        marker = item.get_closest_marker("points")
        run.points[item.nodeid] = marker.args[0] if marker and marker.args else 0
        run.kata_of[item.nodeid] = kata.name
        run.katas[kata.name] = kata
        item.stash[KATA] = kata
        item.stash[TEST_SEED] = seed_for(run.base_seed, item.nodeid)


def seed_for(base_seed, nodeid):
    """One seed per test, derived from its id: reruns repeat exactly, tests stay independent."""
    return (base_seed * 1_000_003 + zlib.crc32(nodeid.encode())) % 2**31


@pytest.fixture
def kata_seed(request):
    """This test's seed: the same on every run, different for each test and --kata-seed."""
    return request.node.stash[TEST_SEED]


@pytest.fixture
def kata_seed_of(request):
    """The seed of another test in the same file, by function name: a test that inspects what
    an earlier test trained uses that test's seed, so it sees the same model."""
    base_seed = request.config.stash[RUN].base_seed
    file_id = request.node.nodeid.split("::")[0]
    return lambda test_name: seed_for(base_seed, f"{file_id}::{test_name}")


def kata_for_test_file(path):
    """The Kata of a kata test file, for the fixtures; a UsageError for any other file."""
    kata = kata_of_test_file(Path(path))
    if kata is None:
        raise pytest.UsageError(f"the kata fixture is only for kata tests, not {path}")
    return kata
