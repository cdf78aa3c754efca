"""Reading a student's submission: their kata modules, read once before any student's code
runs, with links and oversized files refused and everything else listed as stray."""

import hashlib
import os
import stat

from grader.fingerprints import fingerprint

MODULE_BYTES_LIMIT = 2**20  # a submitted kata module; none needs a tenth of it
STRAY_LISTED = 50  # stray files named in a result; the rest are counted
TREE_ENTRIES_LIMIT = 10_000  # entries of a student's folder that are looked at
TREE_DEPTH_LIMIT = 16  # folders within folders that are looked into; a kata module lies at depth 1


class Submission:
    """One student's kata modules, read once before any student's code runs, with what was
    left out and why."""

    def __init__(self, name):
        self.name = name
        self.files = {}  # kata -> the module's bytes
        self.hashes = {}  # kata -> sha256 of those bytes
        self.fingerprints = {}  # kata -> the module's fingerprint (fingerprints.py), where it has one
        self.refused = {}  # path in the student's folder -> why it was not graded
        self.refused_katas = set()  # katas whose module was there but refused
        self.stray = []  # other files, as paths in the student's folder
        self.stray_count = 0

    def write(self, destination, modules):
        """Lay the modules out like katas/ under `destination`, for the trusted process."""
        for kata, data in self.files.items():
            (destination / kata).mkdir(parents=True)
            (destination / kata / modules[kata]).write_bytes(data)


def tree_entries(root):
    """(relative path, is a symbolic link) of the files and links under `root`, links never
    followed, at most TREE_ENTRIES_LIMIT of them, and the folders deeper than TREE_DEPTH_LIMIT,
    which are not looked into. The walk keeps its own stack: no tree is deep enough to exhaust it."""
    entries, too_deep = [], []
    folders = [("", 0)]
    while folders and len(entries) < TREE_ENTRIES_LIMIT:
        folder, depth = folders.pop()
        with os.scandir(os.path.join(root, folder)) as listing:
            children = sorted(listing, key=lambda entry: entry.name)
        deeper = []
        for entry in children:
            path = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_symlink():
                entries.append((path, True))
            elif entry.is_dir(follow_symlinks=False):
                if entry.name == "__pycache__":
                    continue
                if depth + 1 > TREE_DEPTH_LIMIT:
                    too_deep.append(path)
                else:
                    deeper.append((path, depth + 1))
            else:
                entries.append((path, False))
        folders.extend(reversed(deeper))  # in name order, each folder before the ones after it
    return entries[:TREE_ENTRIES_LIMIT], too_deep


def read_module(path):
    """The bytes of a submitted module, or (None, why not): no links, no special files, at most
    MODULE_BYTES_LIMIT bytes, read once through one descriptor."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        return None, "a symbolic link" if os.path.islink(path) else f"it cannot be read ({error.strerror})"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, "not a regular file"
        data = handle.read(MODULE_BYTES_LIMIT + 1)
    if len(data) > MODULE_BYTES_LIMIT:
        return None, f"larger than {MODULE_BYTES_LIMIT // 2**10} KB"
    return data, None


def read_submission(name, student_dir, modules, anywhere=False):
    """Read a student's folder, laid out like katas/ (with `anywhere`, a module may also lie at
    any depth, as on Gradescope). A link anywhere is refused, never followed."""
    submission = Submission(name)
    if student_dir.is_symlink():
        submission.refused["."] = "the student's folder is a symbolic link"
        submission.refused_katas = set(modules)
        return submission
    entries, too_deep = tree_entries(student_dir)
    for path in too_deep[:STRAY_LISTED]:
        submission.refused[path] = f"a folder deeper than {TREE_DEPTH_LIMIT} levels, not looked into"
    links = {path for path, link in entries if link}
    for path in sorted(links)[:STRAY_LISTED]:
        submission.refused[path] = "a symbolic link"
    if len(links) > STRAY_LISTED:
        submission.refused["..."] = f"and {len(links) - STRAY_LISTED} more symbolic links"
    files = [path for path, link in entries if not link]
    chosen = set()
    for kata, module in modules.items():
        expected = f"{kata}/{module}"
        found = expected if expected in files else None
        if found is None and anywhere:
            found = next((path for path in files if path.rsplit("/", 1)[-1] == module), None)
        if found is None:
            if (
                kata in links
                or expected in links
                or (anywhere and any(path.rsplit("/", 1)[-1] == module for path in links))
            ):
                submission.refused_katas.add(kata)
            continue
        chosen.add(found)
        data, why = read_module(student_dir / found)
        if why:
            submission.refused[found] = why
            submission.refused_katas.add(kata)
            continue
        submission.files[kata] = data
        submission.hashes[kata] = hashlib.sha256(data).hexdigest()
        submission.fingerprints[kata] = fingerprint(data)
    stray = [path for path in files if path not in chosen]
    submission.stray = stray[:STRAY_LISTED]
    submission.stray_count = len(stray)
    return submission
