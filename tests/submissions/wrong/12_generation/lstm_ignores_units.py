"""Mistake: the LSTM has 64 units whatever `units` asks for."""

CAUGHT_BY = {"test_char_model_gives_a_distribution_over_the_vocabulary": "Take the number of units from the arguments"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'summary = layers.LSTM(units)(vectors)',
        'summary = layers.LSTM(64)(vectors)',
    ),
]
