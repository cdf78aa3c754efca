"""Mistake: RepeatVector(input_steps) sets the decoder's length to the input's."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_output_steps_predictions': 'RepeatVector got input_steps'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'repeated = layers.RepeatVector(output_steps)(state_h)',
        'repeated = layers.RepeatVector(input_steps)(state_h)',
    ),
]
