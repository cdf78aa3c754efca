"""Mistake: the encoder and a per-frame Dense with no LSTM: each label sees one frame only."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {
    "test_tagger_at_each_frame_reads_that_frame_and_the_ones_before_only": "reads frame 3 alone",
    "test_tagger_is_one_forward_lstm_that_returns_its_sequence": "recurrent layer",
    "test_tagger_learns_which_way_the_dot_moves": "did not learn",
}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        "layers.LSTM(units, return_sequences=True)(features)",
        'layers.Dense(units, activation="relu")(features)',
    )
]
