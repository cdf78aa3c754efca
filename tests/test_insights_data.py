"""The class insights' pure pieces, on results made here: fingerprints, reading a Gradescope
export, the facts, and a page that shows every name a student chose as harmless text. No grading
run, so each check takes milliseconds (tests/test_insights.py grades a real class)."""

import json
import re

from grader import insights
from grader.fingerprints import fingerprint
from grader.insights_page import page

PROGRAM = b'''"""Mine."""
import keras
from keras import layers


def build(units):
    """Build it."""
    model = keras.Sequential([layers.LSTM(units)])  # the LSTM
    return model
'''


def test_a_fingerprint_ignores_names_comments_docstrings_and_layout_only():
    disguised = PROGRAM.replace(b"model", b"net").replace(b"units", b"size").replace(b"# the LSTM", b"# mine")
    disguised = disguised.replace(b'"""Build it."""', b'"""Makes the model."""').replace(b"\n\n\n", b"\n\n")
    assert fingerprint(disguised) == fingerprint(PROGRAM)
    assert fingerprint(PROGRAM.replace(b"layers.LSTM", b"layers.GRU")) != fingerprint(PROGRAM)
    assert fingerprint(PROGRAM.replace(b"[layers.LSTM(units)]", b"[layers.LSTM(units), layers.Dense(1)]")) != (
        fingerprint(PROGRAM)
    )


def test_a_module_that_cannot_be_parsed_or_walked_has_no_fingerprint():
    assert fingerprint(b"def build(:\n") is None
    assert fingerprint(b"x = " + b"-" * 100_000 + b"1\n") is None
    assert fingerprint(b"x = 1" + b" + 1" * 100_000 + b"\n") is None


def result(student, points, digest=None, print_=None, diagnoses=(), status="ok"):
    """A result as read_results gives it (the grader's, with the student's name beside it), for
    kata 01 with one test."""
    passed = not diagnoses
    return {
        "student": student,
        "score": points,
        "max_score": 2,
        "tests": [
            {
                "name": "01_many_to_one/test_many_to_one.py::test_it[1]",
                "score": 2 if passed else 0,
                "max_score": 2,
                "status": "passed" if passed else "failed",
                "output": "",
                "visibility": "visible",
                "extra_data": {"diagnoses": [{"name": name, "sentence": f"{name}!"} for name in diagnoses]},
            }
        ],
        "extra_data": {
            "student": student,
            "katas": {"01_many_to_one": {"points": points, "max_points": 2, "status": status}},
            "sha256": {"01_many_to_one": digest} if digest else {},
            "fingerprints": {"01_many_to_one": print_} if digest else {},
            "seed": 7,
            "grader_version": "2+test",
            "confinement": {"student": {"landlock_abi": 7}},
        },
    }


def test_a_gradescope_export_names_each_student_by_their_folder_and_leaves_out_what_is_not_a_result(tmp_path):
    for student, points in [("ana", 2), ("ben", 0)]:
        (tmp_path / student).mkdir()
        (tmp_path / student / "results.json").write_text(json.dumps(result("submission", points)))
    (tmp_path / "notes.json").write_text("[1, 2")
    results, problems = insights.read_results(tmp_path)
    assert [entry["student"] for entry in results] == ["ana", "ben"]
    assert len(problems) == 1 and problems[0].startswith("notes.json: left out")


def test_copies_are_grouped_by_file_and_by_program_and_the_stub_is_no_copy():
    stub = {"01_many_to_one": {"sha256": "s", "fingerprint": "S"}}
    results = [
        result("ana", 2, "a", "A"),
        result("ana2", 2, "a", "A"),
        result("ana3", 2, "b", "A"),
        result("ben", 2, "c", "C"),
        result("stub1", 0, "s", "S"),
        result("stub2", 0, "s", "S"),
    ]
    groups = insights.class_insights(results, stub)["identical"]
    assert groups == [
        {"kata": "01_many_to_one", "kind": "same file", "students": ["ana", "ana2"]},
        {"kata": "01_many_to_one", "kind": "same after normalising", "students": ["ana", "ana2", "ana3"]},
    ]


def test_a_mistake_counts_each_student_once_and_the_facts_add_up():
    results = [
        result("ana", 0, diagnoses=["not_an_lstm"]),
        result("ben", 0, diagnoses=["not_an_lstm", "fixed_units"]),
        result("cy", 2),
        result("dee", 0, status="timeout"),
    ]
    facts = insights.class_insights(results, {})
    counts = {entry["diagnosis"]: (entry["count"], entry["examples"]) for entry in facts["mistakes"]}
    assert counts == {"not_an_lstm": (2, ["ana", "ben"]), "fixed_units": (1, ["ben"])}
    (kata,) = facts["katas"]
    assert (kata["mean"], kata["median"], [entry["count"] for entry in kata["histogram"]]) == (
        0.5,
        0,
        [3, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    )
    assert facts["tests"][0]["pass_rate"] == 0.5
    assert facts["attention"] == [{"student": "dee", "kata": "01_many_to_one", "status": "timeout"}]


def test_the_page_shows_every_name_a_student_chose_as_harmless_text(tmp_path):
    hostile = ["<img src=x onerror=alert(1)>", "\x1b[2Jclears", "bad\udcffbytes", '"quoted" & <b>']
    results = [result(name, 0, diagnoses=["not_an_lstm"]) for name in hostile]
    shown = page(insights.class_insights(results, {}))
    assert "<img" not in shown and "<b>" not in shown and "\x1b" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "\\x1b[2Jclears" in shown
    shown.encode("utf-8")  # a name of bytes that are not UTF-8 is written out, not a crash
    assert not re.search(r"<script|<[^>]*\b(?:src|href|on\w+)\s*=", shown)
