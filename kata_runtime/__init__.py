"""The code that runs where a learner's code runs: importing their module, the wire format
between a grading child and the trusted side, the child's worker, and its confinement.

It imports nothing from the kata plugin, the checks or the grader (a self-test checks this
with `ast`), because the grading child runs a copy of these modules as plain files, before
anything else of the repository could be trusted or is even visible to it.
"""
