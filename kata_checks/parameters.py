"""Parameter counts: the LSTM formula, and a check that explains a wrong count part by part."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kata_checks.diagnoses import PARAMETER_COUNT, diagnose
from kata_checks.messages import fail

if TYPE_CHECKING:  # for annotations only: the module does not need it at run time
    import keras


def encoder_decoder_parameters(units: int, features: int, output_dim: int) -> list[tuple[str, str, str, int]]:
    """The parameter parts of an encoder LSTM, a decoder LSTM that reads `units` values per
    step, and a TimeDistributed Dense on `units` values (see check_parameter_count)."""
    return [
        (
            "LSTM (encoder)",
            "4*units*(units+features+1)",
            f"4*{units}*({units}+{features}+1)",
            lstm_parameters(units, features),
        ),
        ("LSTM (decoder)", "4*units*(2*units+1)", f"4*{units}*(2*{units}+1)", lstm_parameters(units, units)),
        (
            "TimeDistributed(Dense)",
            "units*output_dim + output_dim",
            f"{units}*{output_dim} + {output_dim}",
            units * output_dim + output_dim,
        ),
    ]


def lstm_parameters(units: int, input_dim: int) -> int:
    return 4 * units * (units + input_dim + 1)


def check_parameter_count(
    model: keras.Model, call: str, expected_parts: Sequence[tuple[str, str, str, int]], extra_hints: Sequence[str] = ()
) -> None:
    """`expected_parts` lists (layer, formula with names, formula with numbers, count);
    `extra_hints` are the kata's own explanations of a wrong count."""
    expected = sum(part[3] for part in expected_parts)
    actual = model.count_params()
    if actual == expected:
        return
    lines = [f"{call} has {actual:,} parameters; expected {expected:,}:"]
    for layer_name, formula, numbers, count in expected_parts:
        lines.append(f"  {layer_name:<10} {formula} = {numbers} = {count:,}")
    found = [
        f"{layer.name} ({type(layer).__name__}) {layer.count_params():,}"
        for layer in model.layers
        if layer.count_params()
    ]
    lines.append("Your model: " + "; ".join(found) + ".")
    hints = diagnose(PARAMETER_COUNT, model, expected_parts, actual - expected) + list(extra_hints)
    if hints:
        lines.append("Likely mistake: " + " ".join(hints))
    fail("\n".join(lines))
