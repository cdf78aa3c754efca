"""Mistake: a Bidirectional LSTM, so a frame's label reads the frames after it."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {
    "test_tagger_at_each_frame_reads_that_frame_and_the_ones_before_only": "reads later frames",
    "test_tagger_is_one_forward_lstm_that_returns_its_sequence": "Bidirectional",
}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        "layers.LSTM(units, return_sequences=True)(features)",
        "layers.Bidirectional(layers.LSTM(units, return_sequences=True))(features)",
    )
]
