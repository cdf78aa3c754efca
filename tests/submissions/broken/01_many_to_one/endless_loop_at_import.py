"""Broken: a loop at the top level that never ends, so importing the file never finishes."""

steps = 0
while steps >= 0:
    steps += 1
