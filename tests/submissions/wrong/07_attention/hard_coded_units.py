"""Mistake: LSTM(64) whatever units is."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_decoder_attends_over_every_encoder_step': 'Take the number of units from the arguments'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'encoded, state_h, state_c = layers.LSTM(units, return_sequences=True, return_state=True)(inputs)',
        'encoded, state_h, state_c = layers.LSTM(64, return_sequences=True, return_state=True)(inputs)',
    ),
    (
        'queries = layers.LSTM(units, return_sequences=True)(repeated, initial_state=[state_h, state_c])',
        'queries = layers.LSTM(64, return_sequences=True)(repeated, initial_state=[state_h, state_c])',
    ),
]
