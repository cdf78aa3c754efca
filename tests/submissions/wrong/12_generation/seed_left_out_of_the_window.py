"""Mistake: the window starts empty, padded with id 0, so the seed does not count."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_generate_feeds_each_character_back_through_a_sliding_window': "does not follow the seed's last"}


def generate(model, seed_text, length, temperature, rng, char_to_id, id_to_char, time_steps):
    """`length` new characters after `seed_text`, each drawn from the model's prediction for the
    last `time_steps` characters, the seed included, and fed back in.

    Raises ValueError when the seed is shorter than time_steps or holds a character the
    vocabulary lacks.
    """
    if len(seed_text) < time_steps:
        raise ValueError(f"the seed needs at least {time_steps} characters; got {len(seed_text)}.")
    unknown = sorted(set(seed_text) - set(char_to_id))
    if unknown:
        raise ValueError(f"the seed holds characters the vocabulary lacks: {unknown}.")
    window = [0] * time_steps
    generated = []
    for _ in range(length):
        probabilities = np.asarray(model(np.array([window], dtype=np.int32), training=False))[0]
        next_id = sample_next(probabilities, temperature, rng)
        generated.append(id_to_char[next_id])
        # Slide: drop the oldest id, keep the window at time_steps.
        window = window[1:] + [next_id]
    return "".join(generated)
