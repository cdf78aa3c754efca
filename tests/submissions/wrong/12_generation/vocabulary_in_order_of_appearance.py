"""Mistake: the characters in the order they first appear, which depends on the text's order, not sorted."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_char_vocabulary_is_sorted_and_its_mappings_agree': 'sort them'}


def char_vocabulary(text):
    """The characters of `text`, sorted, and the two mappings between them and their ids.

    Returns (chars, char_to_id, id_to_char): chars is a sorted list of the distinct characters;
    char_to_id maps each to its position in chars, and id_to_char maps back.
    Raises ValueError for an empty text.
    """
    if not text:
        raise ValueError("the text is empty, so it has no characters to learn.")
    # Sorted, so that the same text always gives the same ids, whatever order it was read in.
    chars = list(dict.fromkeys(text))
    char_to_id = {char: index for index, char in enumerate(chars)}
    id_to_char = dict(enumerate(chars))
    return chars, char_to_id, id_to_char
