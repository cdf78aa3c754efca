"""Mistake: sample_next takes exp of the tempered log-probabilities as they are; at a low
temperature every weight underflows to 0, and 0 / 0 is NaN."""

import numpy as np

CAUGHT_BY = {"test_sample_next_at_a_low_temperature_draws_the_likeliest_id": "Subtract the largest log-probability"}
NOT_CHARGED_BY = ["test_sample_next_draws_from_the_tempered_distribution"]


def sample_next(probabilities, temperature, rng):
    if temperature <= 0:
        raise ValueError(f"temperature must be above 0; got {temperature}.")
    weights = np.exp(np.log(np.maximum(np.asarray(probabilities, dtype=np.float64), 1e-12)) / temperature)
    return int(rng.choice(len(weights), p=weights / weights.sum()))
