"""A numpy random generator as it crosses between the trusted side and a student's child: the
four integers of its PCG64 state, checked before they become a generator again, so that a draw
in the child moves the caller's generator on as in a plain run. Nothing else travels."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

try:
    from kata_runtime.allowlist import RefusedData
except ImportError:  # the child runs its copy of the runtime as plain modules
    from allowlist import RefusedData


def generator_state(generator: np.random.Generator) -> dict:
    """A numpy Generator as the state of its bit generator: plain integers, nothing to run."""
    state = generator.bit_generator.state
    if state.get("bit_generator") != "PCG64":
        return {"unsupported": f"a {state.get('bit_generator')} generator (only np.random.default_rng's PCG64 travels)"}
    return {
        "state": int(state["state"]["state"]),
        "inc": int(state["state"]["inc"]),
        "has_uint32": int(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }


def checked_state(data: dict) -> dict:
    """The PCG64 state that `generator_state` described, or RefusedData."""
    keys = ("state", "inc", "has_uint32", "uinteger")
    if not isinstance(data, dict) or set(data) != set(keys) or not all(type(data[key]) is int for key in keys):
        raise RefusedData("a random generator's state that is not four integers")
    if not (
        0 <= data["state"] < 2**128
        and 0 <= data["inc"] < 2**128
        and data["has_uint32"] in (0, 1)
        and 0 <= data["uinteger"] < 2**32
    ):
        raise RefusedData("a random generator's state out of range")
    if data["inc"] % 2 == 0:
        # PCG64's increment is odd by construction: an even one is no generator numpy makes.
        raise RefusedData("a random generator whose increment is even, which no PCG64 generator has")
    return {
        "bit_generator": "PCG64",
        "state": {"state": data["state"], "inc": data["inc"]},
        "has_uint32": data["has_uint32"],
        "uinteger": data["uinteger"],
    }


def generator_from_state(data: dict) -> np.random.Generator:
    generator = np.random.Generator(np.random.PCG64())
    generator.bit_generator.state = checked_state(data)
    return generator


def advance_generators(generators: Sequence[np.random.Generator], states: Sequence[dict]) -> None:
    """Give the caller's generators the states they reached in the child, so that the next draw
    follows on, as it would in a plain run."""
    if not isinstance(states, list) or len(states) != len(generators):
        raise RefusedData("random generator states that do not match the call's generators")
    for generator, state in zip(generators, states, strict=False):
        generator.bit_generator.state = checked_state(state)
