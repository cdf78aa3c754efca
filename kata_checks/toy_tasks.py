"""Toy tasks shared by several katas: random data a right design learns and a wrong one cannot."""

import numpy as np


def sine_wave_windows(rng: np.random.Generator, count: int, time_steps: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Windows of sine waves with random phase and frequency; the target is the next value.

    The amplitude is 2, so a model whose output is squeezed into (-1, 1) or (0, 1) cannot fit it.
    """
    phase = rng.uniform(0, 2 * np.pi, (count, 1))
    frequency = rng.uniform(0.3, 0.6, (count, 1))
    waves = 2.0 * np.sin(frequency * np.arange(time_steps + 1) + phase)
    return waves[:, :time_steps, None].astype(np.float32), waves[:, time_steps:].astype(np.float32)


def running_sums(rng: np.random.Generator, count: int, time_steps: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs in [-1, 1]; the target at step t is the sum of the inputs up to step t."""
    x = rng.uniform(-1, 1, (count, time_steps, 1)).astype(np.float32)
    return x, np.cumsum(x, axis=1).astype(np.float32)


def neighbour_sums(rng: np.random.Generator, count: int, time_steps: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs in [-1, 1]; the target at step t is x[t-1] + x[t+1], a missing neighbour
    at either end counting as 0. Half of it lies in the past and half in the future, so a model
    that reads in one direction only is left with half the targets' variance unexplained."""
    x = rng.uniform(-1, 1, (count, time_steps, 1)).astype(np.float32)
    padded = np.pad(x, ((0, 0), (1, 1), (0, 0)))
    return x, (padded[:, :-2] + padded[:, 2:]).astype(np.float32)
