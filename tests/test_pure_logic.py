"""The pure pieces of the plugin, the catalog, the report and the wire, tested directly: no
pytest run in a subprocess and no TensorFlow, so each check takes milliseconds."""

from pathlib import Path

import pytest

import kata_runs
from kata_plugin.collection import seed_for
from kata_plugin.hints import hints_in
from kata_plugin.progress import DONE, IN_PROGRESS, NOT_STARTED, KataProgress
from kata_records import catalog
from kata_records.report import Outcome, Report, Status, TestResult
from kata_runtime import allowlist

# --------------------------------------------------------------------------- seeds


def test_a_test_seed_repeats_and_differs_by_test_and_base_seed():
    one = seed_for(1, "katas/01_many_to_one/test_many_to_one.py::test_a")
    assert one == seed_for(1, "katas/01_many_to_one/test_many_to_one.py::test_a")
    assert one != seed_for(1, "katas/01_many_to_one/test_many_to_one.py::test_b")
    assert one != seed_for(2, "katas/01_many_to_one/test_many_to_one.py::test_a")
    assert all(0 <= seed_for(base, "x") < 2**31 for base in (0, 1, 10**9))


# --------------------------------------------------------------------------- progress states


def progress(earned=0, possible=4, failing=(), at_stubs=None, left_out=0):
    kata = catalog.discover()[0]
    return KataProgress(kata, earned, possible, list(failing), dict(at_stubs or {}), left_out)


@pytest.mark.parametrize(
    "case, state",
    [
        (dict(earned=4), DONE),
        (dict(failing=["a", "b"], at_stubs={"a": "f", "b": "g"}), NOT_STARTED),
        (dict(earned=2, failing=["b"], at_stubs={"b": "g"}), IN_PROGRESS),
        (dict(failing=["a", "b"], at_stubs={"a": "f"}), IN_PROGRESS),
        (dict(earned=4, left_out=2), IN_PROGRESS),
        (dict(earned=2), IN_PROGRESS),  # some tests did not run
    ],
    ids=["all pass", "only stubs met", "one stub left", "a real failure", "tests left out", "tests not run"],
)
def test_progress_states(case, state):
    assert progress(**case).state == state


def test_progress_counts_the_tests_waiting_on_each_stub_and_prefers_a_real_failure():
    kata = progress(failing=["a", "b", "c"], at_stubs={"a": "f", "c": "f"})
    assert kata.waiting == {"f": 2}
    assert kata.first_failure() == "b"
    assert progress(failing=["a"], at_stubs={"a": "f"}).first_failure() == "a"
    assert progress(earned=2).first_failure() is None


def test_a_state_line_names_what_to_do():
    assert (
        progress(earned=4).state_line().startswith("all tests pass: done! Compare yours with the reference: solutions/")
    )
    assert (
        progress(failing=["a"], at_stubs={"a": "f"}).state_line() == "not started: f() still raises NotImplementedError"
    )
    assert progress(earned=4, left_out=2).state_line() == "the selected tests pass; 2 more were not selected"
    assert progress(failing=["x.py::test_y"]).state_line() == "first failing test: test_y"


# --------------------------------------------------------------------------- hints

ONE_TASK = """# Kata
## Task: `f(x)`
Do it.
"""

ONE_TASK_HINTS = """# Hints for Kata
1. A nudge.
2. The API:
   `keras.layers.LSTM`
3. The answer:

   ```python
   return x
   ```
Not a hint.
"""

TWO_TASKS = """## Task 1: `f(x)`
## Task 2: `g(y)`
"""

TWO_TASKS_HINTS = """# Hints
## Task 1
1. f's first.
2. f's last.
## Task 2
1. g's only.
"""


def test_hints_are_the_numbered_items_with_their_indented_lines():
    hints = hints_in(ONE_TASK, ONE_TASK_HINTS, "f")
    assert hints[0] == "A nudge."
    assert hints[1] == "The API:\n`keras.layers.LSTM`"
    assert hints[2].startswith("The answer:") and "return x" in hints[2] and "Not a hint" not in hints[2]


def test_each_task_gets_the_hints_under_its_own_heading():
    assert hints_in(TWO_TASKS, TWO_TASKS_HINTS, "f") == ["f's first.", "f's last."]
    assert hints_in(TWO_TASKS, TWO_TASKS_HINTS, "g") == ["g's only."]
    assert hints_in("## Task: `f(x)`", "no hints", "f") == []


# --------------------------------------------------------------------------- the catalog


def test_the_catalog_finds_every_kata_and_its_files():
    katas = catalog.discover()
    assert [kata.number for kata in katas] == list(range(1, len(katas) + 1))
    first = katas[0]
    assert (first.name, first.module) == ("01_many_to_one", "many_to_one")
    assert first.stub.is_file() and first.tests.is_file() and first.lesson.is_file() and first.solution.is_file()
    assert first.module_under("/x") == Path("/x/01_many_to_one/many_to_one.py")
    assert [kata.name for kata in catalog.discover(selectors={"02", "03_sequence_classification"})] == [
        "02_many_to_many",
        "03_sequence_classification",
    ]


def test_the_catalog_knows_a_kata_test_file_from_any_other():
    first = catalog.discover()[0]
    assert catalog.kata_of_test_file(first.tests) == first
    assert catalog.kata_of_test_file(first.stub) is None
    assert catalog.kata_of_test_file(Path(__file__)) is None


def test_bad_kata_metadata_is_a_value_error_with_a_sentence(tmp_path):
    folder = tmp_path / "01_broken"
    folder.mkdir()
    with pytest.raises(ValueError, match="cannot be read"):
        catalog.read_kata(folder)
    (folder / "kata.toml").write_text('module = "broken"\n')
    with pytest.raises(ValueError, match="lacks max_points"):
        catalog.read_kata(folder)
    with pytest.raises(ValueError, match="no pass bar 'speed'"):
        catalog.pass_bar(catalog.discover()[0].tests, "speed")


# --------------------------------------------------------------------------- the report schema


def test_a_report_survives_the_round_trip_through_json():
    report = Report(
        tests=[
            TestResult(
                "katas/a/test_a.py::test_x[1-2]",
                "a",
                2,
                Outcome.PASSED,
                "",
                {"kata_training": {"epochs": 3, "score": 0.1, "bar": 0.2}},
            ),
            TestResult("katas/a/test_a.py::test_y", "a", 1, Outcome.FAILED, "why"),
        ],
        kata_status={"a": Status.TIMEOUT},
        child_confinement={"landlock_abi": 7},
    )
    again = Report.from_json(report.to_json())
    assert again == report
    assert again.tests[0].name == "test_x[1-2]"
    ((kata),) = again.katas()
    assert (kata.points, kata.max_points, kata.status) == (2, 3, Status.TIMEOUT)


@pytest.mark.parametrize(
    "text", ["", "[]", '{"tests": [{"nodeid": 1}]}', '{"tests": [], "kata_status": {"a": "fine"}}']
)
def test_anything_else_is_not_a_report(text):
    with pytest.raises(ValueError, match="not a kata report"):
        Report.from_json(text)


def test_the_worst_status_wins_and_statuses_read_as_their_values():
    assert Status.worst("ok", "timeout") is Status.TIMEOUT
    assert Status.worst(Status.CRASH, "error") is Status.CRASH
    assert "error" in {Outcome.ERROR} and f"{Status.NOT_SUBMITTED}" == "not submitted"


# --------------------------------------------------------------------------- the wire allowlist


def nested(inner):
    """A Sequential whose only layer wraps `inner` in Bidirectional inside TimeDistributed."""
    return {
        "module": "keras",
        "class_name": "Sequential",
        "config": {
            "layers": [
                {
                    "module": "keras.layers",
                    "class_name": "TimeDistributed",
                    "config": {
                        "layer": {"module": "keras.layers", "class_name": "Bidirectional", "config": {"layer": inner}}
                    },
                }
            ]
        },
    }


def test_the_allowlist_passes_kata_classes_and_looks_inside_every_wrapper():
    allowlist.check_classes(nested({"module": "keras.layers", "class_name": "LSTM", "config": {"units": 4}}))
    with pytest.raises(allowlist.RefusedData, match="Lambda"):
        allowlist.check_classes(nested({"module": "keras.layers", "class_name": "Lambda", "config": {}}))
    with pytest.raises(allowlist.RefusedData, match="not a built-in"):
        allowlist.check_classes(nested({"module": "os", "class_name": "system", "config": {}}))


def test_ids_to_characters_and_random_generators_cross_the_wire_as_data():
    import numpy as np

    from kata_runtime import wire

    arrays = []
    mapping = {0: "a", 1: "b", "name": 2}
    assert wire.decode(wire.encode(mapping, arrays), arrays) == mapping
    generator = np.random.default_rng(7)
    generator.random(3)
    copy = wire.decode(wire.encode(generator, arrays), arrays)
    assert copy.random() == np.random.default_rng(7).random(4)[-1]
    # The child's draws move the caller's generator on, as in a plain run.
    caller, child = np.random.default_rng(3), np.random.default_rng(3)
    child.random(5)
    wire.advance_generators([caller], [wire.generator_state(child)])
    assert caller.random() == child.random()


def nested_lists(depth):
    data = 1
    for _ in range(depth):
        data = {"list": [data]}
    return data


@pytest.mark.parametrize(
    "data",
    [
        {"pairs": [[1.5, "a"]]},
        {"pairs": "ab"},
        {"generator": {"state": "1", "inc": 1, "has_uint32": 0, "uinteger": 0}},
        {"generator": {"state": 2**130, "inc": 1, "has_uint32": 0, "uinteger": 0}},
        {"generator": {"state": 5, "inc": 2, "has_uint32": 0, "uinteger": 0}},
        {"pairs": [[index * 2**61, "a"] for index in range(3)]},
        {"pairs": [[index, "a"] for index in range(10_001)]},
        nested_lists(33),
    ],
    ids=[
        "float key",
        "not pairs",
        "text state",
        "state too large",
        "even increment",
        "keys that hash alike",
        "too many pairs",
        "nested too deep",
    ],
)
def test_malformed_mappings_and_generator_states_are_refused(data):
    from kata_runtime import wire

    with pytest.raises(allowlist.RefusedData):
        wire.decode(data, [])


def test_a_watched_array_changed_in_place_in_the_child_changes_for_the_caller_and_nothing_else_does():
    import numpy as np

    from kata_runtime import wire

    caller, arrays = np.arange(4.0).view(wire.WatchedArray), []
    changed = [[0, wire.encode(np.arange(4.0) * 2, arrays)]]
    wire.change_arguments([caller, 3], changed, arrays)
    assert caller.tolist() == [0.0, 2.0, 4.0, 6.0]
    # An array the test did not ask to watch is its own: a change in the child never reaches it,
    # so no student can rewrite the data a test computes its expected values from.
    expected_from = np.arange(4.0)
    wire.change_arguments([expected_from], [[0, wire.encode(np.zeros(4), arrays)]], arrays)
    assert expected_from.tolist() == [0.0, 1.0, 2.0, 3.0]
    for hostile in (
        [[1, wire.encode(np.zeros(4), arrays)]],
        [[0, wire.encode(np.zeros(5), arrays)]],
        [[0, wire.encode(np.zeros(4, np.float32), arrays)]],
        [[7, None]],
        "all",
        [[0, 1], [0, 1], [0, 1]],
    ):
        with pytest.raises(allowlist.RefusedData):
            wire.change_arguments([caller, 3], hostile, arrays)
    assert caller.tolist() == [0.0, 2.0, 4.0, 6.0]


def test_a_returned_model_brings_its_optimizer_steps_and_a_forged_count_is_refused():
    import keras
    import numpy as np

    from kata_runtime import wire

    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.zeros((6, 2)), np.zeros((6, 1)), batch_size=2, epochs=2, verbose=0)
    arrays = []
    data = wire.encode(model, arrays)
    assert int(np.asarray(wire.decode(data, arrays).optimizer.iterations)) == 6
    for forged in (-1, 2**40, "6", 6.0):
        data["model"]["iterations"] = forged
        with pytest.raises(allowlist.RefusedData):
            wire.decode(data, arrays)


def test_a_reply_header_nested_past_the_recursion_limit_is_refused_not_raised():
    from kata_runtime import wire

    header = ("[" * 100_000 + "]" * 100_000).encode()
    reader = wire.MessageReader()
    with pytest.raises(allowlist.RefusedData, match="not JSON"):
        reader.feed(wire.HEADER.pack(len(header), 0) + header)


def test_a_self_test_that_starts_the_grader_or_pytest_must_be_marked_end_to_end(tmp_path):
    """This test is not marked: the run helpers refuse it, so the fast tier stays fast."""
    with pytest.raises(RuntimeError, match="mark it @pytest.mark.end_to_end"):
        kata_runs.run_grader("--help", timeout=5)
    with pytest.raises(RuntimeError, match="mark it @pytest.mark.end_to_end"):
        kata_runs.run_kata_tests("katas/01_many_to_one", tmp_path=tmp_path)


def test_the_grader_refuses_a_maximum_that_differs_from_kata_toml():
    """A test file that lost a test would lower every student's maximum without a word."""
    from grader.settings import check_maximum

    kata = catalog.discover(selectors={"01"})[0]
    whole = [
        TestResult(
            nodeid=f"katas/{kata.name}/test_x.py::test_{index}", kata=kata.name, points=1, outcome=Outcome.NOT_RUN
        )
        for index in range(kata.max_points)
    ]
    check_maximum(whole, {"01"})
    with pytest.raises(SystemExit, match=f"give {kata.max_points - 1} points, but its kata.toml states max_points"):
        check_maximum(whole[1:], {"01"})
