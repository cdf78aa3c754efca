"""Mistake: the forecast is left in differences, never added up from the last value."""

import keras
import numpy as np
from keras import layers

# The graded tests that catch this mistake, each with a phrase its message must contain.
CAUGHT_BY = {'test_forecast_comes_back_in_the_series_units': 'It is in differences'}


def forecast(model, history, scaling, time_steps, horizon):
    """The next `horizon` values after `history`, in the series' units.

    The model was trained on scaled first differences (scaling from the training part's
    differences): difference the history, scale it, read the last `time_steps` differences,
    predict the next `horizon`, then undo the scaling and the differencing.
    """
    history = np.asarray(history, dtype=np.float64)
    recent = apply_scaling(difference(history), scaling)[-time_steps:]
    predicted = np.asarray(model(recent[np.newaxis, :, np.newaxis].astype(np.float32), training=False))[0, :horizon]
    return undo_scaling(predicted, scaling)
