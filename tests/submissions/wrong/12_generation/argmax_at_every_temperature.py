"""Mistake: the most likely id at every temperature."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_sample_next_draws_from_the_tempered_distribution': 'always returns the most likely id'}


def sample_next(probabilities, temperature, rng):
    """Draw the next id from `probabilities` sharpened or flattened by `temperature`.

    The distribution drawn from is softmax(log(probabilities) / temperature): below 1 it favours
    the likely ids, above 1 it evens them out, and 1 leaves it as it is.
    rng: a numpy Generator; every draw comes from it, so the same seed gives the same text.
    Raises ValueError when temperature <= 0.
    """
    if temperature <= 0:
        raise ValueError(f"temperature must be above 0; got {temperature}.")
    logits = np.log(np.maximum(np.asarray(probabilities, dtype=np.float64), 1e-12)) / temperature
    # Temperature scales log-probabilities; subtracting the maximum keeps exp() finite.
    weights = np.exp(logits - logits.max())
    return int(np.argmax(weights))
