"""Checks of a learner's sampler of the next id: judged as statistics over many draws, from a
tempered distribution, drawn only from the generator it is given, and sound near temperature 0."""

from collections.abc import Callable

import numpy as np

from kata_checks.messages import call_text, fail
from kata_checks.mistakes import WrongAnswers, check_result

# The distribution every draw is taken from: four ids, none of them rare.
PROBABILITIES = np.array([0.4, 0.3, 0.2, 0.1])
DRAWS = 1500
# A count this many standard deviations from its expectation happens with probability below
# 4e-8 per id; over 4 ids and 3 temperatures, a correct sampler fails less than once in a million.
DEVIATIONS = 5.5


def tempered(temperature: float) -> np.ndarray:
    """softmax(log(p) / temperature): what a sampler at `temperature` draws from."""
    weights = PROBABILITIES ** (1 / temperature)
    return weights / weights.sum()


def draws(sample_next: Callable, temperature: float, seed: int, count: int = DRAWS) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.array([int(sample_next(PROBABILITIES, temperature, rng)) for _ in range(count)])


def within_chance(counts: np.ndarray, probabilities: np.ndarray) -> bool:
    """Whether `counts` are what DRAWS draws from `probabilities` give, within DEVIATIONS standard deviations."""
    spread = np.sqrt(DRAWS * probabilities * (1 - probabilities))
    return bool(np.all(np.abs(counts - DRAWS * probabilities) <= DEVIATIONS * spread + 1))


def check_tempered_draws(sample_next: Callable, temperature: float, seed: int, wrong_samplers: WrongAnswers) -> None:
    """DRAWS draws come out in the tempered distribution's proportions, within chance."""
    call = call_text(sample_next.__name__, PROBABILITIES, temperature, "rng")
    ids = draws(sample_next, temperature, seed)
    if ids.min() < 0 or ids.max() >= len(PROBABILITIES):
        fail(f"{call} returned ids from {ids.min()} to {ids.max()}; expected ids 0 to {len(PROBABILITIES) - 1}.")
    check_result(
        np.bincount(ids, minlength=len(PROBABILITIES)),
        DRAWS * tempered(temperature),
        f"{DRAWS} draws of {call}",
        wrong_samplers,
        shown=lambda counts: f"{np.round(counts).astype(int).tolist()}",
        lesson=f", give or take chance, from softmax(log(p) / {temperature}) = "
        f"{np.round(tempered(temperature), 3).tolist()}",
        equal=lambda counts, _: within_chance(counts, tempered(temperature)),
    )


def check_draws_only_from_the_rng(sample_next: Callable, seed: int) -> None:
    """The same seed gives the same draws, and another seed others."""
    first, again, other = (draws(sample_next, 1.0, s, 50) for s in (seed, seed, seed + 1))
    if not np.array_equal(first, again):
        fail(
            "Two runs of sample_next with generators seeded alike drew different ids: it draws from somewhere else, "
            "such as np.random's global generator. Draw with the rng argument: rng.choice(...)."
        )
    if np.array_equal(first, other):
        fail("sample_next drew the same 50 ids from generators seeded differently: draw with the rng argument.")


def check_draws_the_likeliest_near_zero(sample_next: Callable, temperature: float, seed: int) -> None:
    """Near 0, every draw is the likeliest id, with no underflow on the way."""
    call = call_text(sample_next.__name__, PROBABILITIES, temperature, "rng")
    rng = np.random.default_rng(seed)
    try:
        ids = [int(sample_next(PROBABILITIES, temperature, rng)) for _ in range(20)]
    except Exception as error:  # noqa: BLE001 - the underflow shows as an error from numpy
        fail(
            f"{call} raised {type(error).__name__}: {str(error)[:200]}. At temperature {temperature}, "
            f"log(p) / temperature is about {np.log(PROBABILITIES[0]) / temperature:.3g}, and its exp underflows to "
            "0 for every id, so the weights divide 0 by 0. Subtract the largest log-probability before np.exp: "
            "the likeliest id then gets exp(0) = 1."
        )
    if set(ids) != {0}:
        fail(f"20 draws of {call} gave ids {sorted(set(ids))}; expected only 0, the likeliest id.")
