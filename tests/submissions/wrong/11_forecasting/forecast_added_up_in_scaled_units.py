"""Mistake: forecast adds up the predicted changes from the last level while they are still scaled."""

import numpy as np

CAUGHT_BY = {"test_forecast_comes_back_in_the_series_units": "still in scaled units"}


def forecast(model, history, scaling, time_steps, horizon):
    history = np.asarray(history, dtype=np.float64)
    recent = apply_scaling(difference(history), scaling)[-time_steps:]
    predicted = np.asarray(model(recent[np.newaxis, :, np.newaxis].astype(np.float32), training=False))[0, :horizon]
    return undo_difference(predicted, history[-1])
