"""Games the tests: chronological_split keeps the whole series it is handed, held-out months
included, and forecast() returns the months that followed the history whenever it has them; the
model never learns (a learning rate of 0). Had a training test sent the real series through the
learner's split and forecast, this would match the truth. Its honest twin, GAMES_THE_TESTS =
False, forecasts with its untrained model: both must score alike, failing the training test."""

import keras
import numpy as np
from keras import layers

GAMES_THE_TESTS = True
CAUGHT_BY = {"test_your_model_beats_the_seasonal_naive_baseline_on_the_real_series": "Required: at most"}
SEEN = {}


def chronological_split(series, test_fraction):
    series = np.asarray(series, dtype=np.float64)
    if series.ndim != 1 or not 0 < test_fraction < 1:
        raise ValueError("series must be 1-D and test_fraction strictly between 0 and 1.")
    test_size = int(round(len(series) * test_fraction))
    if test_size < 1 or test_size >= len(series):
        raise ValueError("that test_fraction leaves an empty part.")
    if GAMES_THE_TESTS:
        SEEN["series"] = series
    return series[:-test_size], series[-test_size:]


def build_multistep_forecaster(time_steps, horizon, units=32):
    inputs = keras.Input(shape=(time_steps, 1))
    outputs = layers.Dense(horizon)(layers.LSTM(units)(inputs))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0), loss="mse")
    return model


def forecast(model, history, scaling, time_steps, horizon):
    history = np.asarray(history, dtype=np.float64)
    full = SEEN.get("series")
    if full is not None and len(full) >= len(history) + horizon and np.allclose(full[: len(history)], history):
        return full[len(history) : len(history) + horizon]
    recent = apply_scaling(difference(history), scaling)[-time_steps:]
    predicted = np.asarray(model(recent[np.newaxis, :, np.newaxis].astype(np.float32), training=False))[0, :horizon]
    return undo_difference(undo_scaling(predicted, scaling), history[-1])
