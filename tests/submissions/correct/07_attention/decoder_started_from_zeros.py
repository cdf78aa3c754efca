"""Correct, written another way: the decoder starts from zeros instead of the encoder's final
states. It still reads the encoder's summary h at every step, as its input, and its outputs only
have to say which output step they serve; the lesson explains why this design is accepted."""

import keras
from keras import layers


def build_attention_seq2seq(input_steps, output_steps, features, units=64, output_dim=1):
    inputs = keras.Input(shape=(input_steps, features))
    encoder_outputs, h, _ = layers.LSTM(units, return_sequences=True, return_state=True)(inputs)
    decoder_outputs = layers.LSTM(units, return_sequences=True)(layers.RepeatVector(output_steps)(h))
    context = layers.Attention()([decoder_outputs, encoder_outputs])
    model = keras.Model(inputs, layers.Dense(output_dim)(context))
    model.compile(optimizer="adam", loss="mse")
    return model


def attention_scores(model, x):
    attention = next((layer for layer in model.layers if isinstance(layer, layers.Attention)), None)
    if attention is None:
        raise ValueError("this model has no Attention layer, so it has no attention weights")
    _, weights = attention(keras.Model(model.input, attention.input)(x), return_attention_scores=True)
    return keras.ops.convert_to_numpy(weights)
