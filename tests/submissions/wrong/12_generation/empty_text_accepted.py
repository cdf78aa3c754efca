"""Mistake: char_vocabulary("") returns an empty vocabulary instead of raising ValueError."""

CAUGHT_BY = {"test_char_vocabulary_rejects_an_empty_text": "returned without raising"}


def char_vocabulary(text):
    chars = sorted(set(text))
    return chars, {char: index for index, char in enumerate(chars)}, dict(enumerate(chars))
