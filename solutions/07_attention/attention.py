"""Kata 07 reference solution: an encoder-decoder whose decoder looks back at every input step."""

import keras
from keras import layers


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    """Build an encoder-decoder with dot-product attention: at each output step the decoder
    compares its state with every encoder output and reads a weighted average of them.

    Input shape:  (num_samples, input_steps, features)
    Output shape: (num_samples, output_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    inputs = keras.Input(shape=(input_steps, features))
    # The encoder keeps one output per input step: these are what attention looks at.
    encoded, state_h, state_c = layers.LSTM(units, return_sequences=True, return_state=True)(inputs)
    repeated = layers.RepeatVector(output_steps)(state_h)
    # The decoder's outputs are the queries: one "what am I looking for?" vector per output step.
    queries = layers.LSTM(units, return_sequences=True)(repeated, initial_state=[state_h, state_c])
    context = layers.Attention()([queries, encoded])
    # The prediction reads the context alone, so the only way to lower the loss is to look
    # at the right input step; a shortcut through the decoder would let the model memorise.
    outputs = layers.TimeDistributed(layers.Dense(output_dim))(context)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    return model


def attention_scores(model, x):
    """The attention weights that `model`'s Attention layer gives for the inputs `x`.

    Returns an array of shape (num_samples, output_steps, input_steps): row j says how much
    output step j looks at each input step, and sums to 1.
    Raises ValueError if the model has no Attention layer.
    """
    attention = next((layer for layer in model.layers if isinstance(layer, layers.Attention)), None)
    if attention is None:
        raise ValueError("attention_scores needs a model with a keras.layers.Attention layer; this model has none.")
    # A model that stops at the Attention layer's inputs gives the queries and values for x;
    # calling the layer on them again, asking for its scores, gives the weights it used.
    query_and_value = keras.Model(model.input, attention.input)(x)
    _, scores = attention(query_and_value, return_attention_scores=True)
    return keras.ops.convert_to_numpy(scores)
