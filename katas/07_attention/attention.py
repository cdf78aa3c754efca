"""Kata 07: an encoder-decoder whose decoder looks back at every input step (attention).

Read README.md in this folder, then replace each `raise NotImplementedError` with your code.
Check your work with:  pytest katas/07_attention
"""

import keras
from keras import layers


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    """Build an encoder-decoder with dot-product attention: at each output step the decoder
    compares its state with every encoder output and reads a weighted average of them.

    Input shape:  (num_samples, input_steps, features)
    Output shape: (num_samples, output_steps, output_dim)

    Returns a model compiled with the Adam optimizer and mean squared error.
    """
    # TODO: an encoder LSTM(units, return_sequences=True, return_state=True), giving its
    #       outputs and its final states h and c; RepeatVector(output_steps) of h; a decoder
    #       LSTM(units, return_sequences=True) started from [h, c]; Attention() over
    #       [decoder outputs, encoder outputs]; TimeDistributed(Dense(output_dim)) of the
    #       context. Compile with Adam and mean squared error.
    raise NotImplementedError("let the decoder attend over every encoder output; output shape (N, output_steps, output_dim)")


def attention_scores(model, x):
    """The attention weights that `model`'s Attention layer gives for the inputs `x`.

    Returns an array of shape (num_samples, output_steps, input_steps): row j says how much
    output step j looks at each input step, and sums to 1.
    Raises ValueError if the model has no Attention layer.
    """
    # TODO: find the layers.Attention layer in model.layers (ValueError if there is none);
    #       build keras.Model(model.input, that_layer.input) to get its inputs for x; call the
    #       layer on them with return_attention_scores=True; return the scores as a numpy array.
    raise NotImplementedError("return the Attention layer's weights for x, shape (N, output_steps, input_steps)")
