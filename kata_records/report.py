"""What a run of the kata tests reports, as data: the schema that the kata plugin writes
(`pytest --grade-report=PATH`) and that the grader, the self-tests and the benchmark read, with
the defaults of a grading run.
"""

from __future__ import annotations

import dataclasses
import enum
import json

DEFAULT_SEED = 1  # the kata tests' base seed when none is given
CALL_TIMEOUT_SECONDS = 20.0  # grading: the deadline of each call into a student's code
MEMORY_LIMIT_MB = 3000  # grading: the memory limit of a student's child process


class Outcome(enum.StrEnum):
    """How one test ended."""

    PASSED = "passed"
    FAILED = "failed"  # the test itself failed
    ERROR = "error"  # its set-up or tear-down failed
    SKIPPED = "skipped"
    NOT_RUN = "not run"  # collected, but the run stopped before it

    __hash__ = str.__hash__  # equal to its value as a string, so it must hash like one


class Status(enum.StrEnum):
    """How one kata's code fared as a whole, worst last among the ones a run can see."""

    OK = "ok"
    ERROR = "error"  # a call into the student's code raised or returned what cannot be rebuilt
    TIMEOUT = "timeout"  # a call ran past its deadline
    CRASH = "crash"  # the student's process died, or grading itself failed
    NOT_SUBMITTED = "not submitted"
    REFUSED = "refused"  # the module was there but not graded: a link, or too large

    __hash__ = str.__hash__  # equal to its value as a string, so it must hash like one

    @classmethod
    def worst(cls, first: Status | str, second: Status | str) -> Status:
        order = [cls.OK, cls.ERROR, cls.TIMEOUT, cls.CRASH]
        return max(cls(first), cls(second), key=order.index)


@dataclasses.dataclass
class TestResult:
    __test__ = False  # a record, not a pytest test class

    nodeid: str  # katas/01_many_to_one/test_many_to_one.py::test_x[10-1-50]
    kata: str  # the kata folder's name
    points: int  # what the test is worth
    outcome: Outcome
    message: str = ""  # the teaching message of a failure
    properties: dict[str, object] = dataclasses.field(default_factory=dict)  # user properties: the training figures

    @property
    def name(self) -> str:
        """The test's name within its file: 'test_x[10-1-50]'."""
        return self.nodeid.split("::", 1)[-1]

    @property
    def earned(self) -> int:
        return self.points if self.outcome is Outcome.PASSED else 0


@dataclasses.dataclass
class KataResult:
    kata: str
    points: int
    max_points: int
    status: Status


@dataclasses.dataclass
class Report:
    tests: list[TestResult] = dataclasses.field(default_factory=list)  # in run order
    kata_status: dict[str, Status] = dataclasses.field(default_factory=dict)  # kata -> Status, when sandboxed
    child_confinement: dict | None = None  # what a grading child applied
    trusted_confinement: dict | None = None  # what the trusted pytest process applied

    def katas(self) -> list[KataResult]:
        """Each kata's points, maximum and status, in the order its tests ran."""
        results = {}
        for test in self.tests:
            result = results.setdefault(
                test.kata, KataResult(test.kata, 0, 0, Status(self.kata_status.get(test.kata, Status.OK)))
            )
            result.points += test.earned
            result.max_points += test.points
        return list(results.values())

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Report:
        """The Report in `text`; ValueError says what is wrong with it."""
        try:
            data = json.loads(text)
            tests = [TestResult(**dict(test, outcome=Outcome(test["outcome"]))) for test in data["tests"]]
            return cls(
                tests=tests,
                kata_status={kata: Status(status) for kata, status in data.get("kata_status", {}).items()},
                child_confinement=data.get("child_confinement"),
                trusted_confinement=data.get("trusted_confinement"),
            )
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise ValueError(f"not a kata report: {type(error).__name__}: {error}") from None
