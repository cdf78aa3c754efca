"""Mistake: a bag of words, the word vectors averaged and fed to a small network: it sees which
words a review holds but not their order, so it cannot tell which word a "not" negates."""

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_model_learns_to_tell_positive_from_negative_reviews': 'no recurrent layer'}

# What the mistake changes in the reference solution: each text, found once there, and its replacement.
EDITS = [
    (
        'summary = layers.LSTM(units)(vectors)',
        'average = layers.GlobalAveragePooling1D()(vectors)',
    ),
    (
        'probability = layers.Dense(1, activation="sigmoid")(summary)',
        'hidden = layers.Dense(units, activation="relu")(average)',
    ),
    (
        'model = keras.Model(tokens, probability)',
        'model = keras.Model(tokens, layers.Dense(1, activation="sigmoid")(hidden))',
    ),
]
