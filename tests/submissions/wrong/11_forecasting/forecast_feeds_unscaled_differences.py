"""Mistake: forecast feeds the model the history's raw differences, though it was trained on
scaled ones."""

import numpy as np

CAUGHT_BY = {"test_forecast_comes_back_in_the_series_units": "feeds the model unscaled differences"}


def forecast(model, history, scaling, time_steps, horizon):
    history = np.asarray(history, dtype=np.float64)
    recent = difference(history)[-time_steps:]
    predicted = np.asarray(model(recent[np.newaxis, :, np.newaxis].astype(np.float32), training=False))[0, :horizon]
    return undo_difference(undo_scaling(predicted, scaling), history[-1])
