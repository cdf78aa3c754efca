"""Correct, written another way: keras.io's decode_sequence (Character-level recurrent
sequence-to-sequence model), adapted at the signature only: one row at a time, with predict()
for every token. Slow, but it decodes what a batched loop decodes."""

import numpy as np


def greedy_decode(encoder_model, decoder_model, source_ids, start_id, end_id, max_steps):
    results = []
    for source in np.asarray(source_ids, dtype="int32"):
        states_value = encoder_model.predict(source[None, :], verbose=0)
        target_seq = np.array([[start_id]], dtype="int32")
        decoded = []
        stop_condition = False
        while not stop_condition:
            output_tokens, h, c = decoder_model.predict([target_seq] + list(states_value), verbose=0)
            sampled_token_index = int(np.argmax(output_tokens[0, -1, :]))
            if sampled_token_index == end_id:
                stop_condition = True
            else:
                decoded.append(sampled_token_index)
                stop_condition = len(decoded) >= max_steps
            target_seq = np.array([[sampled_token_index]], dtype="int32")
            states_value = [h, c]
        results.append(decoded)
    return results
