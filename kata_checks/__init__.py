"""Checks shared by the kata tests. Each one fails with a message that teaches.

The tests inspect behaviour and public Keras properties (output shapes, parameter counts, layer
types and flags, compile settings, training results), never an exact layer list, so any correct
model passes however it is written. A kata test reads `import kata_checks as check` and calls
`check.<name>`; each name lives in one module of this package:

- messages: naming calls and values, and failing with a message;
- arrays: returned arrays, rows and windows, ValueError for bad input;
- models: building a learner's model and running it on zeros or token ids;
- layers: the LSTM stack, its flags and the output Dense;
- parameters: parameter counts;
- compiling: optimizer, loss and metrics;
- training: training on a toy task against a bar;
- diagnoses: the one registry of "likely mistake" sentences;
- attention: reading and drawing an Attention layer's weights;
- toy_tasks: data shared by several katas.
"""

from kata_checks.messages import (  # noqa: F401
    fail,
    describe_value,
    call_text,
    short_array,
    case_ids,
    pass_bar,
)
from kata_checks.arrays import (  # noqa: F401
    distinct_series,
    BAD_WINDOW_ARGUMENTS,
    WINDOW_CASES,
    windows_of,
    input_windows,
    check_input_window_shape,
    check_input_window_values,
    check_finite,
    watched,
    check_left_unchanged,
    returned_pair,
    check_array,
    check_rows,
    check_raises_value_error,
    raised_inside_a_library,
)
from kata_checks.models import (  # noqa: F401
    build,
    SEQUENCE_TO_SEQUENCE_CASES,
    build_sequence_to_sequence,
    check_output_shape,
    run_on_zeros,
    run_on_tokens,
    model_outputs,
)
from kata_checks.layers import (  # noqa: F401
    RecurrentLayer,
    walk_layers,
    recurrent_layers,
    dense_layers,
    embedding_layers,
    check_lstm_stack,
    return_sequences_lesson,
    check_dense_output,
    activation_lesson,
)
from kata_checks.parameters import (  # noqa: F401
    encoder_decoder_parameters,
    lstm_parameters,
    check_parameter_count,
)
from kata_checks.compiling import (  # noqa: F401
    loss_name,
    REGRESSION_LOSS,
    CLASSIFICATION_LOSS,
    TOKEN_LOSS,
    check_reports_accuracy,
    check_compiled_with_adam,
)
from kata_checks.training import (  # noqa: F401
    record_training,
    train,
    train_and_predict,
    fail_training,
    sparkline,
    check_learns,
    check_learns_to_classify,
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
from kata_checks.attention import (  # noqa: F401
    attention_layers,
    attention_tensors,
    attention_weights,
    HEATMAP_SHADES,
    attention_heatmap,
)
from kata_checks.toy_tasks import (  # noqa: F401
    sine_wave_windows,
    running_sums,
    neighbour_sums,
)
