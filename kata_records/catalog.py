"""Which katas there are, and what each one is made of: the one catalog.

A kata is a folder `katas/NN_name/` that holds:
- `kata.toml`, its metadata: module, maximum points and pass bars;
- `README.md`, the lesson, whose first heading is the kata's title;
- `HINTS.md`, each task's hints in tiers, from the idea to the whole function (--hint);
- `<module>.py`, the stub the learner edits;
- `test_<module>.py`, the graded tests.

Its reference solution is `solutions/NN_name/<module>.py`. A pass bar lives in `kata.toml`
only: the test reads it from there (`pass_bar`), and a self-test checks that the lesson states it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KATAS = REPO / "katas"
SOLUTIONS = REPO / "solutions"
KATA_FOLDER = re.compile(r"^\d\d_\w+$")
METADATA = "kata.toml"


@dataclasses.dataclass(frozen=True)
class Kata:
    folder: Path
    title: str
    module: str  # the learner's module name: 'many_to_one'
    max_points: int
    pass_bars: dict[str, float] = dataclasses.field(default_factory=dict)  # name -> value
    data: tuple[str, ...] = ()  # files the kata's tests read, beside the lesson, stub and tests

    @property
    def name(self) -> str:
        """The folder's name, which is the kata's id: '01_many_to_one'."""
        return self.folder.name

    @property
    def number(self) -> int:
        return int(self.name[:2])

    @property
    def module_file(self) -> str:
        return f"{self.module}.py"

    @property
    def stub(self) -> Path:
        return self.folder / self.module_file

    @property
    def tests(self) -> Path:
        return self.folder / f"test_{self.module_file}"

    @property
    def lesson(self) -> Path:
        return self.folder / "README.md"

    @property
    def hints(self) -> Path:
        return self.folder / "HINTS.md"

    @property
    def solution(self) -> Path:
        return SOLUTIONS / self.name / self.module_file

    def module_under(self, root: str | Path) -> Path:
        """Where this kata's module lies in a folder laid out like katas/."""
        return Path(root) / self.name / self.module_file

    def selected_by(self, selectors: Sequence[str] | None) -> bool:
        """Whether `selectors` ('01', '02_many_to_many', ...) name this kata; none selects all."""
        return not selectors or self.name in selectors or self.name[:2] in selectors


def is_kata_folder(path: str | Path) -> bool:
    return Path(path).is_dir() and KATA_FOLDER.match(Path(path).name) is not None


def read_kata(folder: str | Path) -> Kata:
    """The Kata in `folder`, read from its kata.toml; ValueError says what is wrong with it."""
    return _read_kata(Path(folder).resolve())


@functools.lru_cache(maxsize=None)  # a run asks once per test; the files do not change during it
def _read_kata(folder):
    path = folder / METADATA
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{path} cannot be read: {error}") from None
    missing = [key for key in ("module", "max_points") if key not in data]
    if missing:
        raise ValueError(f"{path} lacks {', '.join(missing)}")
    return Kata(
        folder=folder,
        title=lesson_title(folder / "README.md"),
        module=data["module"],
        max_points=int(data["max_points"]),
        pass_bars=dict(data.get("pass_bars", {})),
        data=tuple(data.get("data", ())),
    )


def lesson_title(lesson: Path) -> str:
    """The first heading of a lesson, without its '# '."""
    try:
        first = lesson.read_text().splitlines()[0]
    except (OSError, IndexError):
        return ""
    return first.removeprefix("# ").strip()


def discover(root: str | Path = KATAS, selectors: Sequence[str] | None = None) -> list[Kata]:
    """Every kata under `root`, in order; `selectors` (numbers or names) keeps only those."""
    katas = [read_kata(folder) for folder in sorted(Path(root).iterdir()) if is_kata_folder(folder)]
    return [kata for kata in katas if kata.selected_by(selectors)]


def kata_of_test_file(path: str | Path) -> Kata | None:
    """The Kata whose graded tests are the file `path`, or None for any other file."""
    path = Path(path)
    if not (path.name.startswith("test_") and is_kata_folder(path.parent) and (path.parent / METADATA).is_file()):
        return None
    kata = read_kata(path.parent)
    return kata if kata.tests.name == path.name else None


def pass_bar(test_file: str | Path, name: str) -> float:
    """The pass bar `name` of the kata whose tests are `test_file` (a test module's __file__)."""
    kata = read_kata(Path(test_file).parent)
    if name not in kata.pass_bars:
        raise ValueError(f"{kata.folder / METADATA} has no pass bar {name!r}")
    return kata.pass_bars[name]
