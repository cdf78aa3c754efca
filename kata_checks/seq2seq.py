"""The tests' own steps for encoder-decoder models: decoding greedily as the lesson's loop does,
finding the layers two models share, and stand-in models with known weights whose decoding is
known in advance. A verdict rests on these steps, never on the learner's own loop.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np
from keras import layers

from kata_checks.layers import walk_layers
from kata_checks.models import model_outputs


def teacher_inputs(targets: np.ndarray, start_id: int) -> np.ndarray:
    """The targets moved one step right, start_id first: what the decoder reads while training."""
    return np.concatenate([np.full((len(targets), 1), start_id), targets[:, :-1]], axis=1).astype(np.int32)


def decode_by_the_lesson(
    encoder_model: keras.Model,
    decoder_model: keras.Model,
    sources: np.ndarray,
    start_id: int,
    end_id: int,
    max_steps: int,
    call: str,
) -> list[list[int]]:
    """Greedy decoding of a whole batch at once: each row's tokens up to its end token."""
    states = model_outputs(encoder_model, sources, f"The encoder model of {call}", "the held-out sources")
    token = np.full((len(sources), 1), start_id, np.int32)
    rows, done = [[] for _ in sources], np.zeros(len(sources), bool)
    for _ in range(max_steps):
        probabilities, *states = model_outputs(
            decoder_model, [token, *states], f"The decoder model of {call}", "[one token per row, h, c]"
        )
        token = np.argmax(probabilities[:, -1], axis=-1).astype(np.int32)[:, None]
        done |= token[:, 0] == end_id
        for row, (chosen, finished) in enumerate(zip(token[:, 0], done, strict=True)):
            if not finished:
                rows[row].append(int(chosen))
        if done.all():
            break
    return rows


def layers_with_weights(model: keras.Model) -> dict[str, keras.layers.Layer]:
    return {layer.name: layer for layer, _ in walk_layers(model) if layer.weights}


def unshared_layers(training_model: keras.Model, inference_model: keras.Model) -> list[str]:
    """The names of the inference model's layers that have no twin, same name and same weights,
    in the training model. Shared layers are one object in both models; after a model has crossed
    to the grader as data, its name and weights still tell."""
    trained = layers_with_weights(training_model)
    missing = []
    for name, layer in layers_with_weights(inference_model).items():
        twin = trained.get(name)
        same = (
            twin is not None
            and len(twin.get_weights()) == len(layer.get_weights())
            and all(np.array_equal(a, b) for a, b in zip(twin.get_weights(), layer.get_weights(), strict=True))
        )
        if not same:
            missing.append(f"{name} ({type(layer).__name__})")
    return missing


def share_trained_weights(training_model: keras.Model, *inference_models: keras.Model) -> None:
    """Give the inference models the training model's weights, layer by layer: where the layers
    are shared this changes nothing; where the models were rebuilt from data, it restores the
    sharing that the test of shared layers has checked."""
    trained = layers_with_weights(training_model)
    for model in inference_models:
        for name, layer in layers_with_weights(model).items():
            if name in trained:
                layer.set_weights(trained[name].get_weights())


def counting_models(num_tokens: int, units: int = 4) -> tuple[keras.Model, keras.Model]:
    """An encoder and a one-step decoder with known weights: the decoder's most likely next token
    is always its input token + 1, whatever the states; the states pass through unchanged."""
    source = keras.Input(shape=(None,), dtype="int32")
    summary = layers.GlobalAveragePooling1D()(layers.Embedding(num_tokens, units)(source))
    encoder_model = keras.Model(source, [summary, summary])
    token, h, c = keras.Input(shape=(1,), dtype="int32"), keras.Input(shape=(units,)), keras.Input(shape=(units,))
    next_token = layers.Embedding(num_tokens, num_tokens)
    probabilities = layers.Activation("softmax")(next_token(token))
    decoder_model = keras.Model(
        [token, h, c], [probabilities, layers.Activation("linear")(h), layers.Activation("linear")(c)]
    )
    next_token.set_weights([10.0 * np.roll(np.eye(num_tokens), 1, axis=1)])
    return encoder_model, decoder_model


def own_end_models(num_tokens: int) -> tuple[keras.Model, keras.Model]:
    """An encoder and a decoder with known weights whose rows end at different steps: h is 20
    times the one-hot of the source's token, and the decoder's choice is that token (20) over
    its input + 1 (10); it hands h on unchanged. A source of the end token decodes to nothing at
    once; a source of 5 to 5, 5, 5, ... until max_steps."""
    source = keras.Input(shape=(None,), dtype="int32")
    names_a_token = layers.Embedding(num_tokens, num_tokens)
    summary = layers.GlobalMaxPooling1D()(names_a_token(source))
    encoder_model = keras.Model(source, [summary, summary])
    token, h, c = (
        keras.Input(shape=(1,), dtype="int32"),
        keras.Input(shape=(num_tokens,)),
        keras.Input(shape=(num_tokens,)),
    )
    next_token = layers.Embedding(num_tokens, num_tokens)
    choice = layers.Add()([next_token(token), layers.Reshape((1, num_tokens))(h)])
    decoder_model = keras.Model(
        [token, h, c],
        [layers.Activation("softmax")(choice), layers.Activation("linear")(h), layers.Activation("linear")(c)],
    )
    names_a_token.set_weights([20.0 * np.eye(num_tokens)])
    next_token.set_weights([10.0 * np.roll(np.eye(num_tokens), 1, axis=1)])
    return encoder_model, decoder_model


def digit_reversals(
    rng: np.random.Generator, count: int, source_steps: int, target_steps: int, digits: np.ndarray, end_id: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sources of 3 to source_steps digit tokens, padded with 0; targets: the tokens reversed,
    then end_id, padded."""
    sources = np.zeros((count, source_steps), np.int32)
    targets = np.zeros((count, target_steps), np.int32)
    for row, length in enumerate(rng.integers(3, source_steps + 1, count)):
        chosen = rng.choice(digits, length)
        sources[row, :length] = chosen
        targets[row, :length] = chosen[::-1]
        targets[row, length] = end_id
    return sources, targets


def until_end(row: Sequence[int], end_id: int) -> list[int]:
    row = [int(token) for token in row]
    return row[: row.index(end_id)]


def digits_text(token_ids: Sequence[int], digits: np.ndarray) -> str:
    """'5309' for the digit tokens of 5, 3, 0, 9; any other token as '<id>'."""
    first = int(digits[0])
    return "".join(str(token - first) if token in digits else f"<{token}>" for token in token_ids) or "(nothing)"
