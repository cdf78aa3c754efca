"""Correct, written another way: tf.keras, embeddings of their own size, an Activation softmax
after the Dense, a list comprehension for the decoder's input, and a decoding loop that runs one
source at a time."""

import numpy as np
import tensorflow as tf


def decoder_inputs(targets, start_id):
    targets = np.array(targets)
    if targets.ndim != 2:
        raise ValueError("targets must be 2-D: (num_samples, target_steps)")
    if targets.shape[1] == 0:
        raise ValueError("targets have no step")
    if targets.dtype.kind not in "iu":
        raise ValueError("targets must be integer token ids")
    return np.array([[start_id] + list(row[:-1]) for row in targets], dtype=np.int32)


def build_seq2seq(num_tokens, units=64):
    embed_source = tf.keras.layers.Embedding(num_tokens, 24, mask_zero=True)
    embed_target = tf.keras.layers.Embedding(num_tokens, 24, mask_zero=True)
    encoder_lstm = tf.keras.layers.LSTM(units, return_state=True)
    decoder_lstm = tf.keras.layers.LSTM(units, return_sequences=True, return_state=True)
    scores = tf.keras.layers.Dense(num_tokens)
    softmax = tf.keras.layers.Activation("softmax")

    encoder_in = tf.keras.Input(shape=(None,), dtype="int32")
    _, state_h, state_c = encoder_lstm(embed_source(encoder_in))
    decoder_in = tf.keras.Input(shape=(None,), dtype="int32")
    sequence, _, _ = decoder_lstm(embed_target(decoder_in), initial_state=[state_h, state_c])
    training = tf.keras.Model(inputs=[encoder_in, decoder_in], outputs=softmax(scores(sequence)))
    training.compile(optimizer=tf.keras.optimizers.Adam(), loss=tf.keras.losses.SparseCategoricalCrossentropy())

    encoder = tf.keras.Model(encoder_in, [state_h, state_c])
    one_token = tf.keras.Input(shape=(1,), dtype="int32")
    h_in = tf.keras.Input(shape=(units,))
    c_in = tf.keras.Input(shape=(units,))
    step, h_out, c_out = decoder_lstm(embed_target(one_token), initial_state=[h_in, c_in])
    decoder = tf.keras.Model([one_token, h_in, c_in], [softmax(scores(step)), h_out, c_out])
    return training, encoder, decoder


def greedy_decode(encoder_model, decoder_model, source_ids, start_id, end_id, max_steps):
    results = []
    for source in np.asarray(source_ids):
        h, c = [state.numpy() for state in encoder_model(source[None, :].astype("int32"))]
        token, generated = start_id, []
        while len(generated) < max_steps:
            probabilities, h, c = [value.numpy() for value in decoder_model([np.array([[token]], dtype="int32"), h, c])]
            token = int(probabilities[0, -1].argmax())
            if token == end_id:
                break
            generated.append(token)
        results.append(generated)
    return results
