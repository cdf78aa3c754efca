"""Mistake: an LSTM without return_sequences=True before the per-frame softmax: one label per clip."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {
    "test_tagger_gives_a_distribution_over_the_classes_at_every_frame": "return_sequences=True",
    "test_tagger_is_one_forward_lstm_that_returns_its_sequence": "return_sequences=True",
}
# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [("layers.LSTM(units, return_sequences=True)(features)", "layers.LSTM(units)(features)")]
