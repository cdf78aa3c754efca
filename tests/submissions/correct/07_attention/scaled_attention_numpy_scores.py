"""Correct, written another way: use_scale=True with an explicit key, Adam() and a loss object,
and weights recomputed in numpy from the layer's own inputs and scale."""

import keras
import numpy as np
from keras import layers


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    source = keras.Input(shape=(input_steps, features), name="source")
    steps, last_h, last_c = layers.LSTM(units, return_sequences=True, return_state=True)(source)
    decoder = layers.LSTM(units, return_sequences=True)
    asked = decoder(layers.RepeatVector(output_steps)(last_h), initial_state=[last_h, last_c])
    read = layers.Attention(use_scale=True)([asked, steps, steps])
    prediction = layers.TimeDistributed(layers.Dense(output_dim, activation=None))(read)
    model = keras.Model(inputs=source, outputs=prediction)
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.MeanSquaredError())
    return model


def attention_scores(model, x):
    for layer in model.layers:
        if isinstance(layer, layers.Attention):
            break
    else:
        raise ValueError("attention_scores: the model has no Attention layer.")
    tensors = keras.Model(model.input, layer.input).predict(x, verbose=0)
    query, key = tensors[0], tensors[-1]
    scale = float(keras.ops.convert_to_numpy(layer.scale)) if layer.use_scale else 1.0
    logits = scale * np.einsum("bqd,bkd->bqk", query, key)
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)
