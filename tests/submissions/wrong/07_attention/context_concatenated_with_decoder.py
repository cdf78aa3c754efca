"""Mistake: the Dense reads the context and the decoder's outputs side by side, so the model memorises instead of looking."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_parameter_count_matches_the_formula': 'reads the context concatenated', 'test_attention_looks_at_the_tagged_inputs': 'memorised the values'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'outputs = layers.TimeDistributed(layers.Dense(output_dim))(context)',
        'outputs = layers.TimeDistributed(layers.Dense(output_dim))(layers.Concatenate()([context, queries]))',
    ),
]
