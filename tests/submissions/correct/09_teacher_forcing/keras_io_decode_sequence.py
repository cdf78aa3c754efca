"""Correct, written another way: keras.io's decode_sequence, one row at a time with predict()
per token. Kata 09 reference solution: sequence-to-sequence with teacher forcing, and a decoding loop."""

import keras
import numpy as np
from keras import layers


def decoder_inputs(targets, start_id):
    """The decoder's input in training: the targets moved one step right, start_id first.

    targets:  int array-like of shape (num_samples, target_steps), the tokens the decoder must
              output, ending in the end token and padded with 0
    start_id: the token that starts every decoded sequence

    Returns an int32 array of shape (num_samples, target_steps): row i is
    [start_id, targets[i, 0], ..., targets[i, -2]].
    Raises ValueError when targets is not a 2-D array of integers with at least one step.
    """
    targets = np.asarray(targets)
    if targets.ndim != 2 or targets.shape[1] < 1:
        raise ValueError(f"targets must be a 2-D array (num_samples, target_steps); got shape {targets.shape}.")
    if targets.size and not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"targets must hold integer token ids; got dtype {targets.dtype}.")
    shifted = np.empty(targets.shape, dtype=np.int32)
    # Teacher forcing: at step t the decoder reads the true token of step t - 1.
    shifted[:, 0] = start_id
    shifted[:, 1:] = targets[:, :-1]
    return shifted


def build_seq2seq(num_tokens, units=64):
    """Build three models that share their layers: one to train with teacher forcing, and an
    encoder and a one-step decoder to generate with.

    training_model: [source ids (N, source_steps), decoder input ids (N, target_steps)]
                    -> probabilities (N, target_steps, num_tokens); compiled with Adam and
                    sparse categorical cross-entropy
    encoder_model:  source ids (N, source_steps) -> [h, c], each (N, units)
    decoder_model:  [one token (N, 1), h, c] -> [probabilities (N, 1, num_tokens), h, c]

    Token 0 is padding and is masked.
    """
    source_embedding = layers.Embedding(num_tokens, units, mask_zero=True)
    target_embedding = layers.Embedding(num_tokens, units, mask_zero=True)
    encoder = layers.LSTM(units, return_state=True)
    decoder = layers.LSTM(units, return_sequences=True, return_state=True)
    # A softmax over the last axis: one distribution over the tokens at every step.
    next_token = layers.Dense(num_tokens, activation="softmax")

    source = keras.Input(shape=(None,), dtype="int32")
    _, h, c = encoder(source_embedding(source))
    target_in = keras.Input(shape=(None,), dtype="int32")
    # The decoder starts from the encoder's final states: they are all it knows of the source.
    decoded, _, _ = decoder(target_embedding(target_in), initial_state=[h, c])
    training_model = keras.Model([source, target_in], next_token(decoded))
    training_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

    encoder_model = keras.Model(source, [h, c])

    token = keras.Input(shape=(1,), dtype="int32")
    h_in = keras.Input(shape=(units,))
    c_in = keras.Input(shape=(units,))
    step, h_out, c_out = decoder(target_embedding(token), initial_state=[h_in, c_in])
    decoder_model = keras.Model([token, h_in, c_in], [next_token(step), h_out, c_out])
    return training_model, encoder_model, decoder_model


def greedy_decode(encoder_model, decoder_model, source_ids, start_id, end_id, max_steps):
    """keras.io's decode_sequence (Character-level recurrent sequence-to-sequence model), adapted
    at the signature only: one row at a time, predict() for every token."""
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
