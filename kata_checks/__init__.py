"""Checks shared by the kata tests. Each one fails with a message that teaches.

The tests inspect behaviour and public Keras properties (output shapes, parameter counts, layer
types and flags, compile settings, training results), never an exact layer list, so any correct
model passes however it is written. A kata test reads `import kata_checks as check` and calls
`check.<name>`; each name lives in one module of this package:

- messages: naming calls and values, and failing with a message;
- arrays: returned arrays, rows and windows, ValueError for bad input;
- models: building a learner's model and running it on zeros or token ids;
- forecasting: the tests' own forecasting pipeline and stand-in;
- generation: the tests' own steps and stand-ins for character generation;
- gradients: the tests' own measures of the gradient through time;
- layers: the LSTM stack, its flags and the output Dense;
- parameters: parameter counts;
- compiling: optimizer, loss and metrics;
- training: training on a toy task against a bar;
- mistakes: a result against the expected value, and the likely mistake from a table;
- diagnoses: the one registry of "likely mistake" sentences;
- findings: which likely mistakes a failing check named, recorded by name as they are chosen;
- attention: reading and drawing an Attention layer's weights;
- sampling: a learner's sampler of the next id, judged over many draws;
- seq2seq: the tests' own decoding and stand-in encoder-decoders;
- seq2seq_checks: checks of a learner's encoder-decoder and decoding loop;
- time_series: a learner's split, scaling and windows of a series, leaking no future;
- toy_tasks: data shared by several katas;
- video: the tests' own moving-dot clips, their pictures and the frame tagger's training.
"""

from kata_checks import video  # noqa: F401  (check.video.<name>)
from kata_checks.arrays import (  # noqa: F401
    BAD_WINDOW_ARGUMENTS,
    WINDOW_CASES,
    check_array,
    check_finite,
    check_input_window_shape,
    check_input_window_values,
    check_left_unchanged,
    check_raises_value_error,
    check_rows,
    distinct_series,
    input_windows,
    raised_inside_a_library,
    returned_pair,
    unchanged_result,
    watched,
    windows_of,
)
from kata_checks.attention import (  # noqa: F401
    HEATMAP_SHADES,
    attention_heatmap,
    attention_layers,
    attention_tensors,
    attention_weights,
    check_attention_reads_decoder_queries_and_every_encoder_step,
    check_one_dot_product_attention,
    model_with_attention,
    tagged_values,
)
from kata_checks.compiling import (  # noqa: F401
    CLASSIFICATION_LOSS,
    LABEL_LOSS,
    REGRESSION_LOSS,
    TOKEN_LOSS,
    check_compiled_with_adam,
    check_reports_accuracy,
    loss_name,
)
from kata_checks.diagnoses import (  # noqa: F401
    ATTENTION,
    KERAS_ERROR,
    PARAMETER_COUNT,
    TRAINING,
    TrainingTask,
    diagnose,
    diagnosis,
)
from kata_checks.findings import found  # noqa: F401
from kata_checks.forecasting import (  # noqa: F401
    forecast_error_score,
    forecast_from,
    last_change_model,
    predicted,
    seasonal_naive,
    statistics_of,
    text_plot,
)
from kata_checks.forecasting import windows as forecast_windows  # noqa: F401
from kata_checks.generation import (  # noqa: F401
    ALPHABET,
    corpus_baselines,
    generate_arguments,
    generated,
    generation_by_the_lesson,
    letters_model,
    next_char_windows,
    next_character_accuracy,
    next_character_score,
    next_letter_model,
    vocabulary_of,
    voting_model,
    zen_of_python,
)
from kata_checks.gradients import (  # noqa: F401
    finite_difference_norms,
    first_to_last,
    fixed_model,
    learners_norms,
    losses_from_logits,
    losses_of,
    norms_by_the_lesson,
    with_forget_bias,
)
from kata_checks.layers import (  # noqa: F401
    RecurrentLayer,
    activation_lesson,
    check_dense_output,
    check_lstm_stack,
    dense_layers,
    embedding_layers,
    recurrent_layers,
    return_sequences_lesson,
    walk_layers,
)
from kata_checks.messages import (  # noqa: F401
    call_text,
    case_ids,
    describe_value,
    fail,
    pass_bar,
    short_array,
    sparkline,
)
from kata_checks.mistakes import (  # noqa: F401
    check_result,
    likely_mistake,
    same,
)
from kata_checks.models import (  # noqa: F401
    SEQUENCE_TO_SEQUENCE_CASES,
    build,
    build_sequence_to_sequence,
    check_distributions,
    check_output_shape,
    model_outputs,
    run_on_tokens,
    run_on_zeros,
)
from kata_checks.parameters import (  # noqa: F401
    check_parameter_count,
    encoder_decoder_parameters,
    lstm_parameters,
)
from kata_checks.sampling import (  # noqa: F401
    DRAWS,
    PROBABILITIES,
    check_draws_only_from_the_rng,
    check_draws_the_likeliest_near_zero,
    check_tempered_draws,
    within_chance,
)
from kata_checks.seq2seq import (  # noqa: F401
    counting_models,
    decode_by_the_lesson,
    digit_reversals,
    digits_text,
    own_end_models,
    share_trained_weights,
    teacher_inputs,
    unshared_layers,
    until_end,
)
from kata_checks.seq2seq_checks import (  # noqa: F401
    check_decoder_reads_the_states,
    check_inference_models,
    check_padding_counts_nothing,
    check_padding_ignored,
    check_shared_layers,
    check_token_distributions,
    evaluated_loss,
    greedy_decoded,
    random_tokens,
    three_models,
)
from kata_checks.time_series import (  # noqa: F401
    accepted_statistics,
    check_chronological_split,
    check_multistep_windows,
    check_same_scaling_for_every_part,
    check_scaling_round_trip,
    fitted_statistics,
)
from kata_checks.toy_tasks import (  # noqa: F401
    neighbour_sums,
    running_sums,
    sine_wave_windows,
)
from kata_checks.training import (  # noqa: F401
    HeldOutScore,
    check_learns,
    check_learns_by,
    check_learns_to_classify,
    fail_training,
    record_training,
    train,
    train_and_predict,
)
