"""Games the tests: an Embedding without mask_zero, so padding is read as words, and, in the
model the padding test builds, a NaN bias on the output. Every prediction is then NaN, and a
check that asks "did appending zeros change the prediction by more than 1e-5?" gets False for
NaN, as for any comparison. Its honest twin, GAMES_THE_TESTS = False, is the plain unmasked
model: both must score alike."""

import keras
import numpy as np
from keras import layers

GAMES_THE_TESTS = True
CAUGHT_BY = {"test_padding_at_the_end_does_not_change_the_prediction": "NaN"}


def build_sentiment_classifier(vocab_size, embedding_dim=16, units=32):
    tokens = keras.Input(shape=(None,), dtype="int32")
    vectors = layers.Embedding(vocab_size, embedding_dim)(tokens)
    output = layers.Dense(1, activation="sigmoid")
    probability = output(layers.LSTM(units)(vectors))
    model = keras.Model(tokens, probability)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    if GAMES_THE_TESTS and (vocab_size, embedding_dim, units) == (40, 8, 16):
        kernel, bias = output.get_weights()
        output.set_weights([kernel, np.full_like(bias, np.nan)])
    return model
