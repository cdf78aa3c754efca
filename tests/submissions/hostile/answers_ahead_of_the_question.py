"""Attack: answer the grader's next question before it is asked. While the module is imported,
write a reply of the grader's own format into the reply pipe (its descriptor is on the worker's
command line): "imported fine". The worker's own reply to the import then comes second, and
answers the next call, make_windows, with "no problem" instead of arrays, and so on: every
reply one behind. A reply must carry the id of the request it answers, so the forged one answers
nothing."""

import json
import os
import struct
import sys

KNOWN = {}  # filled in by the self-test

forged = json.dumps({"problem": None}).encode()
os.write(int(sys.argv[2]), struct.pack("<QI", len(forged), 0) + forged)


def make_windows(series, time_steps):
    raise NotImplementedError("this student attacks the grader instead")


def build_many_to_one(time_steps, features, units=50):
    raise NotImplementedError("this student attacks the grader instead")
