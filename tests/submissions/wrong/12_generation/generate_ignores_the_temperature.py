"""Mistake: generate ignores its temperature and draws at temperature 1."""

import numpy as np

CAUGHT_BY = {"test_generate_draws_each_character_with_sample_next_and_rng": "It ignores its temperature"}


def generate(model, seed_text, length, temperature, rng, char_to_id, id_to_char, time_steps):
    if len(seed_text) < time_steps:
        raise ValueError(f"the seed needs at least {time_steps} characters; got {len(seed_text)}.")
    window = [char_to_id[char] for char in seed_text[-time_steps:]]
    generated = []
    for _ in range(length):
        probabilities = np.asarray(model(np.array([window], dtype=np.int32), training=False))[0]
        next_id = sample_next(probabilities, 1.0, rng)
        generated.append(id_to_char[next_id])
        window = window[1:] + [next_id]
    return "".join(generated)
