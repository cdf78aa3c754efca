"""Where a learner stands in each kata of a run: points, state (not started, in progress,
done), the stubs still unwritten, and the next step."""

import dataclasses
import enum

from kata_plugin.hints import stub_functions
from kata_records.catalog import Kata
from kata_runtime.loading import shown_path


class KataState(enum.StrEnum):
    """Where a learner stands in one kata."""

    NOT_STARTED = "not started"  # every failing test met a stub still unwritten
    IN_PROGRESS = "in progress"
    DONE = "done"  # every test of the kata ran and passed


NOT_STARTED, IN_PROGRESS, DONE = KataState.NOT_STARTED, KataState.IN_PROGRESS, KataState.DONE


@dataclasses.dataclass
class KataProgress:
    """One kata's line in the progress table."""

    kata: Kata
    earned: int
    possible: int
    failing: list[str]  # nodeids, in run order
    at_stubs: dict[str, str]  # nodeid of a failing test -> the stub function whose NotImplementedError it met
    left_out: int = 0  # tests that -k or -m did not select: a kata is done only when none are

    @property
    def name(self):
        return self.kata.name

    @property
    def state(self) -> KataState:
        if not self.failing and self.earned == self.possible and not self.left_out:
            return DONE
        if self.failing and self.earned == 0 and len(self.at_stubs) == len(self.failing):
            return NOT_STARTED
        return IN_PROGRESS

    @property
    def waiting(self):
        """Each stub function still unwritten, and how many tests wait on it."""
        counts = {}
        for function in self.at_stubs.values():
            counts[function] = counts.get(function, 0) + 1
        return counts

    def table_lines(self, width):
        """Its row of the progress table, and under a kata in progress, each function still unwritten."""
        lines = [f"{self.name:<{width}}  {self.earned:>3}/{self.possible:<3} points  {self.state_line()}"]
        if self.state is IN_PROGRESS:
            lines += [
                f"{'':<{width}}  {function}() still raises NotImplementedError ({count} test(s) wait on it)"
                for function, count in self.waiting.items()
            ]
        return lines

    def first_failure(self):
        """The first failing test that got past the stubs, or else the first failing test;
        None when nothing failed (some tests did not run: -x, or an interrupted run)."""
        real = [nodeid for nodeid in self.failing if nodeid not in self.at_stubs]
        return (real or self.failing or [None])[0]

    def state_line(self):
        if self.state is DONE:
            return (
                f"all tests pass: done! Compare yours with the reference: solutions/{self.name}/{self.kata.module_file}"
            )
        if self.state is NOT_STARTED:
            verb = "raises" if len(self.waiting) == 1 else "raise"
            return (
                "not started: "
                + ", ".join(f"{function}()" for function in self.waiting)
                + f" still {verb} NotImplementedError"
            )
        if self.first_failure() is None:
            if self.left_out:
                return f"the selected tests pass; {self.left_out} more were not selected"
            return "some tests did not run"
        return "first failing test: " + self.first_failure().split("::", 1)[-1]

    def next_step(self, run):
        learner_file = shown_path(run.module_path(self.kata))
        lesson = shown_path(self.kata.lesson)
        function = self.function_to_edit(run)
        if self.state is NOT_STARTED:
            return f"read {lesson}, then write {function}() in {learner_file}."
        if self.first_failure() is None:
            return f"run all the tests of this kata: {run.command(self.name)}"
        test = self.first_failure().split("::", 1)[-1]
        where = f"{function}() in {learner_file}" if function else learner_file
        return f"make {test} pass: edit {where} ({run.command(self.name, '--hint')} for a hint)."

    def function_to_edit(self, run):
        """The stub function the first failure is about: the one it met unimplemented, or the
        first of the kata's functions its message names."""
        nodeid = self.first_failure()
        if nodeid is None:
            return None
        if nodeid in self.at_stubs:
            return self.at_stubs[nodeid]
        message = (run.failed.get(nodeid) or "\n").splitlines()[0]
        functions = stub_functions(self.kata)
        named = [(message.find(f"{function}("), function) for function in functions if f"{function}(" in message]
        return min(named)[1] if named else (functions[0] if len(functions) == 1 else None)


def kata_progress(run):
    """A KataProgress for each kata of the run, in kata order."""
    katas = {}
    for nodeid, kata in run.kata_of.items():
        katas.setdefault(kata, []).append(nodeid)
    progress = []
    for kata in sorted(katas):
        nodeids = katas[kata]
        failing = [nodeid for nodeid in nodeids if nodeid in run.failed]
        progress.append(
            KataProgress(
                kata=run.katas[kata],
                earned=sum(run.points[n] for n in nodeids if n in run.passed and n not in run.failed),
                possible=sum(run.points[n] for n in nodeids),
                failing=failing,
                at_stubs={nodeid: run.not_implemented[nodeid] for nodeid in failing if nodeid in run.not_implemented},
                left_out=run.deselected.get(kata, 0),
            )
        )
    return progress
