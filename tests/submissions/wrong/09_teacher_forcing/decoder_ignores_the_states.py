"""Mistake: the training model's decoder starts from zeros, not from the encoder's states."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_the_decoder_starts_from_the_encoders_states': 'initial_state=[h, c]'}


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
    decoded, _, _ = decoder(target_embedding(target_in))
    training_model = keras.Model([source, target_in], next_token(decoded))
    training_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

    encoder_model = keras.Model(source, [h, c])

    token = keras.Input(shape=(1,), dtype="int32")
    h_in = keras.Input(shape=(units,))
    c_in = keras.Input(shape=(units,))
    step, h_out, c_out = decoder(target_embedding(token), initial_state=[h_in, c_in])
    decoder_model = keras.Model([token, h_in, c_in], [next_token(step), h_out, c_out])
    return training_model, encoder_model, decoder_model
