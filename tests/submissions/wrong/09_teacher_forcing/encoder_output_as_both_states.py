"""Mistake: an encoder LSTM without return_state, whose output is handed on as both h and c."""

CAUGHT_BY = {"test_inference_models_have_the_promised_inputs_and_outputs": "same array as h and as c"}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'encoder = layers.LSTM(units, return_state=True)',
        'encoder = layers.LSTM(units)',
    ),
    (
        '_, h, c = encoder(source_embedding(source))',
        'h = c = encoder(source_embedding(source))  # its output, handed on as both states',
    ),
]
