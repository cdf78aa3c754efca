"""A student's grade: their trusted run's report scored against the instructor's collected
tests, and the outputs a class gets (a result per student, the gradebook)."""

import csv
import dataclasses
import os
import secrets
import tempfile
import time
from pathlib import Path

from grader import cgroups, names
from grader.trusted_run import TRUSTED_MEMORY_LIMIT_MB, TRUSTED_SCRATCH_MB, run_trusted_pytest
from kata_records.report import Outcome, Report, Status

OUTPUT_LIMIT = 4000  # characters of one test's output in a result


@dataclasses.dataclass
class StudentResult:
    """One student's grade, with the Gradescope result's fields: the score, each test's line, and
    in `extra_data` each kata's points and status, the files' hashes, the strays and refusals,
    the seed, the grader's version and the confinement records."""

    student: str
    score: int
    max_score: int
    execution_time: float
    tests: list[dict]
    output: str
    extra_data: dict
    visibility: str = "visible"

    @property
    def katas(self) -> dict[str, dict]:
        """Kata folder -> {"points", "max_points", "status"}."""
        return self.extra_data["katas"]

    def gradescope_json(self) -> dict:
        """The result as Gradescope reads it: every field but the student's name, which the
        results file's name (or Gradescope itself) carries."""
        return {key: value for key, value in dataclasses.asdict(self).items() if key != "student"}


def grade_student(submission, settings) -> StudentResult:
    started = time.monotonic()
    if not submission.hashes:
        # No kata module to run, only missing or refused ones: the grade needs no run, and no
        # interpreter is started for a student who handed in nothing.
        result = score(submission, settings, Report(), None, time.monotonic() - started)
        result.extra_data["confinement"]["group"] = {"cgroup": None, "cgroup_refused": "nothing to run"}
        return result
    group, group_record = student_group(settings)
    with tempfile.TemporaryDirectory(prefix="kata-grade-") as work:
        folder = Path(work, "submission")
        folder.mkdir()
        submission.write(folder, settings.modules)
        report, problem = run_trusted_pytest(
            settings.modules,
            f"--impl={folder}",
            "--sandboxed",
            f"--kata-seed={settings.seed}",
            f"--call-timeout={settings.timeout}",
            f"--memory-limit={settings.memory_limit}",
            *([f"--without={','.join(settings.without)}"] if settings.without else []),
            work=work,
            submission=folder,
            confine=settings.confine,
            without=settings.without,
            group=group,
        )
    result = score(submission, settings, report or Report(), problem, time.monotonic() - started)
    result.extra_data["confinement"]["group"] = group_record
    return result


def student_group(settings):
    """A cgroup for one student's run, with its record; (None, why not) where there is none."""
    if settings.cgroups is None:
        return None, {"cgroup": None, "cgroup_refused": settings.cgroups_refused}
    memory_mb = TRUSTED_MEMORY_LIMIT_MB + settings.memory_limit + TRUSTED_SCRATCH_MB
    try:
        group = cgroups.Group(settings.cgroups, f"kata-{os.getpid()}-{secrets.token_hex(6)}", memory_mb)
    except OSError as error:  # this student is graded with the polls alone, and says so
        return None, {"cgroup": None, "cgroup_refused": f"the group could not be made ({error.strerror})"}
    return group, group.record()


def score(submission, settings, report, problem, seconds) -> StudentResult:
    """The student's grade: points only for tests that passed in the report, out of the
    points of the instructor's collection (settings.tests)."""
    ran = {test.nodeid: test for test in report.tests}
    # The instructor's tests, each with the outcome and message the run gave it, if any.
    graded = Report(
        tests=[
            dataclasses.replace(
                expected,
                outcome=ran[expected.nodeid].outcome if expected.nodeid in ran else Outcome.NOT_RUN,
                message=ran[expected.nodeid].message if expected.nodeid in ran else "",
                properties=ran[expected.nodeid].properties if expected.nodeid in ran else {},
            )
            for expected in settings.tests
        ],
        kata_status=report.kata_status,
    )
    tests = []
    for test in graded.tests:
        passed = test.outcome is Outcome.PASSED
        output = test.message or ("" if passed else why_not_run(submission, settings, test.kata))
        tests.append(
            {
                "name": test.nodeid.removeprefix("katas/"),
                "score": test.earned,
                "max_score": test.points,
                "status": "passed" if passed else "failed",
                "output": cut(str(output)),
                "visibility": "visible",
                "extra_data": {"diagnoses": [] if passed else diagnoses_of(test)},
            }
        )
    katas = {}
    for kata in graded.katas():
        if kata.kata in submission.refused_katas:
            kata.status = Status.REFUSED
        elif kata.kata not in submission.hashes:
            kata.status = Status.NOT_SUBMITTED
        elif problem:
            kata.status = Status.CRASH
        katas[kata.kata] = {"points": kata.points, "max_points": kata.max_points, "status": kata.status.value}
    total = sum(entry["points"] for entry in katas.values())
    maximum = sum(entry["max_points"] for entry in katas.values())
    stray = submission.stray + (
        [f"... and {submission.stray_count - len(submission.stray)} more"]
        if submission.stray_count > len(submission.stray)
        else []
    )
    return StudentResult(
        student=submission.name,
        score=total,
        max_score=maximum,
        execution_time=round(seconds, 1),
        tests=tests,
        output=f"{total}/{maximum} points." + (f"\nThe grading run failed: {cut(problem)}" if problem else ""),
        extra_data={
            "student": submission.name,  # the results file's name may be a plain form of it
            "katas": katas,
            "sha256": submission.hashes,
            "fingerprints": submission.fingerprints,
            "stray_files": stray,
            "refused_files": submission.refused,
            "seed": settings.seed,
            "left_out": settings.without,
            "grader_version": settings.version,
            "confinement": {
                "trusted": report.trusted_confinement or settings.confinement,
                "student": report.child_confinement or settings.confinement,
            },
        },
    )


DIAGNOSES_KEPT, NAME_LIMIT, SENTENCE_LIMIT = 10, 100, 800


def diagnoses_of(test) -> list[dict]:
    """The diagnoses a failed test named, [{"name", "sentence"}], as its run recorded them
    (kata_checks/findings.py), each field a bounded string."""
    recorded = test.properties.get("kata_diagnoses") if isinstance(test.properties, dict) else None
    if not isinstance(recorded, list):
        return []
    return [
        {"name": str(item.get("name"))[:NAME_LIMIT], "sentence": str(item.get("sentence"))[:SENTENCE_LIMIT]}
        for item in recorded[:DIAGNOSES_KEPT]
        if isinstance(item, dict)
    ]


def why_not_run(submission, settings, kata) -> str:
    """What a test that has no outcome says: its kata's module was missing or refused, or the
    grading run stopped before it."""
    module = f"{kata}/{settings.modules[kata]}"
    if kata in submission.refused_katas:
        why = submission.refused.get(module, "its result's refused_files say why")
        return f"not graded: {module} was refused ({why})."
    if kata not in submission.hashes:
        return f"not submitted: {module} does not exist."
    return "This test did not run: the grading run stopped early."


def cut(text):
    """At most OUTPUT_LIMIT characters of a test's output, saying so when cut."""
    if len(text) <= OUTPUT_LIMIT:
        return text
    return text[:OUTPUT_LIMIT] + f"\n[... {len(text) - OUTPUT_LIMIT} more characters cut]"


# --------------------------------------------------------------------------- outputs


def write_gradebook(path, results, modules):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *modules, "total", "max", *(f"{kata} status" for kata in modules)])
        for result in results:
            writer.writerow(
                [
                    names.spreadsheet_safe(result.student),
                    *(result.katas[kata]["points"] for kata in modules),
                    result.score,
                    result.max_score,
                    *(result.katas[kata]["status"] for kata in modules),
                ]
            )
