"""Mistake: Attention()([encoder outputs, decoder outputs]): one output per input step."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_outputs_output_steps_predictions': 'inputs are swapped'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'context = layers.Attention()([queries, encoded])',
        'context = layers.Attention()([encoded, queries])',
    ),
]
