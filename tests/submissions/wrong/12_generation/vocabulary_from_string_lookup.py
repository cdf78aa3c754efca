"""Mistake: the vocabulary of Keras's StringLookup, which puts its out-of-vocabulary token
'[UNK]' at id 0 and so shifts every character's id by one. The vocabulary test names it; the
training test, which cuts its own windows, is not charged again."""

import keras

CAUGHT_BY = {"test_char_vocabulary_is_sorted_and_its_mappings_agree": "the distinct characters sorted"}
NOT_CHARGED_BY = ["test_model_learns_the_zen_of_python"]


def char_vocabulary(text):
    if not text:
        raise ValueError("the text is empty.")
    chars = keras.layers.StringLookup(vocabulary=sorted(set(text))).get_vocabulary()
    return chars, {char: index for index, char in enumerate(chars)}, dict(enumerate(chars))
