"""Where a graded class went wrong, as data: each kata's scores, each test's pass rate, the
commonest diagnosed mistakes, the students who need attention, and identical submissions.

The facts come from the students' results alone (results/*.json as the grader writes them, or
the results.json files of a Gradescope export), so a class graded anywhere gets the same view.
`python -m grader` writes OUT/insights.json and OUT/insights.html after the gradebook;
`python -m grader insights RESULTS_DIR --out DIR` builds both from a folder of results.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
from pathlib import Path

from grader import names
from grader.fingerprints import fingerprint
from kata_records.catalog import discover

RESULT_BYTES_LIMIT = 10 * 2**20  # one student's results file; a real one is far smaller
RESULTS_LIMIT = 5000  # results files read from one folder
EXAMPLES = 3  # students named as examples of a mistake
HISTOGRAM_BINS = 10
ATTENTION = ("timeout", "crash", "error", "refused", "not submitted")  # kata statuses worth a look
GRADESCOPE_STUDENT = "submission"  # the name a result graded on Gradescope's machines carries
CAUTION = (
    "Every student starts from the same stub, so short functions come out alike: a match is a "
    "reason to read the two modules, not proof that one was copied."
)


def read_results(folder: Path) -> tuple[list[dict], list[str]]:
    """(results, problems): each student's result, with its "student" name, from the .json files
    under `folder` in name order; and a sentence for each file left out."""
    results, problems, seen = [], [], set()
    paths = sorted(path for path in Path(folder).rglob("*.json") if path.is_file() and not path.is_symlink())
    if len(paths) > RESULTS_LIMIT:
        problems.append(f"{len(paths) - RESULTS_LIMIT} results files past the first {RESULTS_LIMIT} were left out")
    for path in paths[:RESULTS_LIMIT]:
        shown = names.shown(str(path.relative_to(folder)))
        try:
            if path.stat().st_size > RESULT_BYTES_LIMIT:
                raise ValueError(f"larger than {RESULT_BYTES_LIMIT // 2**20} MB")
            result = json.loads(path.read_text())
            if not isinstance(result, dict) or not isinstance(result.get("tests"), list):
                raise ValueError("not a grader result: no list of tests")
        except (OSError, ValueError) as error:
            problems.append(f"{shown}: left out ({error})")
            continue
        extra = result.get("extra_data") if isinstance(result.get("extra_data"), dict) else {}
        student = extra.get("student")
        if not isinstance(student, str) or student == GRADESCOPE_STUDENT or student in seen:
            # Gradescope's export keeps each submission in its own folder, named for the student.
            student = path.parent.name if path.name == "results.json" and path.parent != Path(folder) else path.stem
        seen.add(student)
        results.append({**result, "student": student, "extra_data": extra})
    return results, problems


def stub_prints() -> dict[str, dict]:
    """kata -> the shipped stub's sha256 and fingerprint: a submission equal to the stub is
    unchanged, not copied."""
    prints = {}
    for kata in discover():
        data = kata.stub.read_bytes()
        prints[kata.name] = {"sha256": hashlib.sha256(data).hexdigest(), "fingerprint": fingerprint(data)}
    return prints


def test_parts(name: str) -> tuple[str, str]:
    """('01_many_to_one', 'test_x') from a result's test name, '01_many_to_one/test_m.py::test_x[10-1]'."""
    kata = name.split("/", 1)[0]
    function = name.split("::", 1)[-1].split("[", 1)[0]
    return kata, function


def histogram(scores: list[float], maximum: float) -> list[dict]:
    """HISTOGRAM_BINS equal bins from 0 to `maximum` points, the last one closed."""
    width = maximum / HISTOGRAM_BINS if maximum else 1
    counts = [0] * HISTOGRAM_BINS
    for score in scores:
        counts[min(int(score / width), HISTOGRAM_BINS - 1)] += 1
    return [
        {"from": round(index * width, 2), "to": round((index + 1) * width, 2), "count": count}
        for index, count in enumerate(counts)
    ]


def kata_scores(results: list[dict]) -> list[dict]:
    katas = {}
    for result in results:
        for kata, entry in (result["extra_data"].get("katas") or {}).items():
            record = katas.setdefault(kata, {"kata": kata, "max_points": entry.get("max_points", 0), "scores": []})
            record["scores"].append(entry.get("points", 0))
    for record in katas.values():
        scores = record["scores"]
        record["mean"] = round(statistics.fmean(scores), 2) if scores else 0
        record["median"] = statistics.median(scores) if scores else 0
        record["histogram"] = histogram(scores, record["max_points"])
    return [katas[kata] for kata in sorted(katas)]


def pass_rates(results: list[dict]) -> list[dict]:
    """Each test's pass rate over the students graded on it, hardest first."""
    tests = {}
    for result in results:
        for test in result["tests"]:
            record = tests.setdefault(
                test.get("name"),
                {
                    "kata": test_parts(str(test.get("name")))[0],
                    "test": test.get("name"),
                    "points": test.get("max_score", 0),
                    "passed": 0,
                    "graded": 0,
                },
            )
            record["passed"] += test.get("status") == "passed"
            record["graded"] += 1
    for record in tests.values():
        record["pass_rate"] = round(record["passed"] / record["graded"], 4)
    return sorted(tests.values(), key=lambda record: (record["pass_rate"], str(record["test"])))


def common_mistakes(results: list[dict]) -> list[dict]:
    """Each diagnosed mistake, by kata, test and diagnosis: how many students made it, the
    sentence they saw, and a few of them; the commonest first."""
    mistakes = {}
    for result in results:
        for test in result["tests"]:
            diagnoses = (test.get("extra_data") or {}).get("diagnoses") or []
            for diagnosis in diagnoses:
                kata, function = test_parts(str(test.get("name")))
                key = (kata, function, diagnosis.get("name"))
                record = mistakes.setdefault(
                    key,
                    {
                        "kata": kata,
                        "test": function,
                        "diagnosis": diagnosis.get("name"),
                        "sentence": diagnosis.get("sentence"),
                        "students": [],
                    },
                )
                if result["student"] not in record["students"]:
                    record["students"].append(result["student"])
    found = []
    for record in mistakes.values():
        students = record.pop("students")
        record["count"] = len(students)
        record["share"] = round(len(students) / len(results), 4)
        record["examples"] = students[:EXAMPLES]
        found.append(record)
    return sorted(found, key=lambda record: (-record["count"], record["kata"], record["test"], record["diagnosis"]))


def needing_attention(results: list[dict]) -> list[dict]:
    return [
        {"student": result["student"], "kata": kata, "status": entry.get("status")}
        for result in results
        for kata, entry in sorted((result["extra_data"].get("katas") or {}).items())
        if entry.get("status") in ATTENTION
    ]


def identical_submissions(results: list[dict], stubs: dict[str, dict]) -> list[dict]:
    """Groups of students whose module for a kata is the same file, or the same program once
    names, comments, docstrings and layout are erased; the unchanged stub left out."""
    groups = []
    katas = sorted({kata for result in results for kata in (result["extra_data"].get("sha256") or {})})
    for kata in katas:
        stub = stubs.get(kata, {})
        by_file, by_program = {}, {}
        for result in results:
            extra = result["extra_data"]
            digest = (extra.get("sha256") or {}).get(kata)
            program = (extra.get("fingerprints") or {}).get(kata)
            if digest and digest != stub.get("sha256"):
                by_file.setdefault(digest, []).append(result["student"])
            if program and program != stub.get("fingerprint"):
                by_program.setdefault(program, []).append((result["student"], digest))
        for students in by_file.values():
            if len(students) > 1:
                groups.append({"kata": kata, "kind": "same file", "students": sorted(students)})
        for members in by_program.values():
            if len(members) > 1 and len({digest for _, digest in members}) > 1:
                groups.append(
                    {"kata": kata, "kind": "same after normalising", "students": sorted(s for s, _ in members)}
                )
    return groups


def class_insights(results: list[dict], stubs: dict[str, dict] | None = None, problems: list[str] = ()) -> dict:
    """Everything insights.json holds, from the students' results."""
    results = sorted(results, key=lambda result: result["student"])
    first = results[0]["extra_data"] if results else {}
    return {
        "students": len(results),
        "seeds": sorted({result["extra_data"].get("seed") for result in results}, key=str),
        "grader_version": first.get("grader_version"),
        "confinement": first.get("confinement"),
        "katas": kata_scores(results),
        "tests": pass_rates(results),
        "mistakes": common_mistakes(results),
        "attention": needing_attention(results),
        "identical": identical_submissions(results, stub_prints() if stubs is None else stubs),
        "identical_caution": CAUTION,
        "left_out": list(problems),
    }


def write_insights(results_folder: Path, out: Path) -> dict:
    """insights.json and insights.html in `out`, from the results under `results_folder`."""
    from grader.insights_page import page  # the page's markup, only when one is written

    results, problems = read_results(results_folder)
    insights = class_insights(results, problems=problems)
    out.mkdir(parents=True, exist_ok=True)
    (out / "insights.json").write_text(json.dumps(insights, indent=1))
    (out / "insights.html").write_text(page(insights))
    return insights


def main(argv: list[str]) -> int:
    """`python -m grader insights RESULTS_DIR --out DIR`."""
    parser = argparse.ArgumentParser(
        prog="python -m grader insights",
        description="Build a class's insights page and data from a folder of results.json files (the grader's "
        "results/, or a Gradescope export).",
    )
    parser.add_argument("results", type=Path, help="a folder of results files, searched in its subfolders too")
    parser.add_argument("--out", type=Path, required=True, help="where to write insights.html and insights.json")
    arguments = parser.parse_args(argv)
    if not arguments.results.is_dir():
        parser.error(f"{names.shown(str(arguments.results))} is not a folder")
    insights = write_insights(arguments.results, arguments.out)
    for problem in insights["left_out"]:
        print(f"  {problem}")
    print(f"Insights for {insights['students']} students: {arguments.out / 'insights.html'}")
    return 0
