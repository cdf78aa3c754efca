"""Mistake: only the source's Embedding masks padding; the decoder's reads it as tokens, so the padded
target steps count in the loss."""

import keras
from keras import layers

CAUGHT_BY = {"test_padded_decoder_steps_count_nothing_in_the_loss": "mask_zero=True"}


def build_seq2seq(num_tokens, units=64):
    source_embedding = layers.Embedding(num_tokens, units, mask_zero=True)
    target_embedding = layers.Embedding(num_tokens, units)
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
