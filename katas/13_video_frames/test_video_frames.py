"""Graded tests for kata 13: an LSTM over the frames of a video, with one convolutional encoder
shared by every frame.

Your code arrives through the `kata` fixture (kata_plugin/loading.py); these tests never import it.
They run from cheap to costly: the clips, the frame encoder, the tagger's shapes, what each frame's
output reads, its parameters and settings, and last, training on clips the test makes itself
(kata_checks/video.py), never with your generator.
"""

import keras
import numpy as np
import pytest

import kata_checks as check

DIRECTIONS, MOVES = check.video.DIRECTIONS, check.video.MOVES

# --------------------------------------------------------------------------- make_moving_dot_clips

CLIP_CASES = [(5, 6, 8), (3, 4, 5), (4, 2, 3)]  # (num_clips, frames, size)


def clips_of(kata, num_clips, frames, size, seed=0):
    call = check.call_text("make_moving_dot_clips", num_clips, frames, size, "rng")
    clips, labels = check.returned_pair(
        kata.make_moving_dot_clips(num_clips, frames, size, np.random.default_rng(seed)), call
    )
    check.check_array(
        clips,
        "clips",
        call,
        (num_clips, frames, size, size, 1),
        {(num_clips, frames, size, size): "Add the channel axis a Conv2D reads: clips[..., np.newaxis]."},
    )
    labels = np.asarray(labels)
    if labels.shape != (num_clips, frames) or not np.issubdtype(labels.dtype, np.integer):
        check.fail(
            f"{call} returned labels of shape {labels.shape} and dtype {labels.dtype}; expected integers of shape "
            f"{(num_clips, frames)}, one label per frame"
            + (", not one per clip." if labels.shape == (num_clips,) else ".")
        )
    return clips, labels, call


@pytest.mark.points(1)
@pytest.mark.parametrize("num_clips, frames, size", CLIP_CASES, ids=check.case_ids(CLIP_CASES))
def test_each_frame_holds_one_dot_on_a_quiet_background(kata, num_clips, frames, size):
    clips, _, call = clips_of(kata, num_clips, frames, size)
    flat = clips.reshape(num_clips * frames, -1)
    dot, others = flat.max(axis=1), flat.copy()
    np.put_along_axis(others, flat.argmax(axis=1)[:, np.newaxis], 0.0, axis=1)  # every pixel but each dot
    rest = float(np.abs(others).max())
    if not (np.all(np.abs(dot - check.video.DOT) < 0.5) and rest < 0.5):
        check.fail(
            f"{call} made frames whose brightest pixels are {check.short_array(dot)} and whose other pixels reach "
            f"{rest:.3g}; expected one dot of about {check.video.DOT} per frame and noise of standard deviation "
            f"{check.video.NOISE} elsewhere: rng.normal(0.0, {check.video.NOISE}, ...) for every pixel, then add "
            "1.0 at the dot."
        )


def path_lesson(step, size):
    if max(abs(v) for v in step) == size - 1:
        return "The dot wrapped around the edge: start it where it has room for the whole clip."
    return "Move the dot by exactly one of MOVES' steps per frame, the same one for the whole clip."


@pytest.mark.points(2)
@pytest.mark.parametrize("num_clips, frames, size", CLIP_CASES, ids=check.case_ids(CLIP_CASES))
def test_the_dot_moves_one_pixel_per_frame_and_stays_inside(kata, num_clips, frames, size):
    clips, _, call = clips_of(kata, num_clips, frames, size)
    for clip in range(num_clips):
        path = check.video.dot_path(clips[clip])
        steps = {tuple(int(v) for v in step) for step in np.diff(path, axis=0)}
        if len(steps) != 1 or not steps <= set(MOVES.values()):
            step = max(steps, key=lambda s: max(abs(v) for v in s))
            check.fail(
                f"{call}: in clip {clip} the dot goes {[tuple(map(int, p)) for p in path]} (row, column); expected "
                "one step of one pixel per frame in a single direction. "
                + check.found("dot_path_off_the_rules", path_lesson(step, size))
            )


def label_mistakes(truth):
    """The sentence of each likely slip -> whether labels look like it, for clips whose right
    labels are `truth`."""
    return {
        "The labels are one frame early: each frame's label is the move into it, from the frame before, so the "
        "first frame has none (0) and the last has the clip's direction.": lambda got: (
            np.array_equal(got[:, :-1], truth[:, 1:]) and not got[:, -1].any()
        ),
        "The first frame has no move into it: label it 0 (start).": lambda got: np.array_equal(
            got[:, 1:], truth[:, 1:]
        ),
        "Up and down are swapped: rows count from the top of a frame, so up is a row step of -1.": lambda got: (
            np.array_equal(got, np.choose(truth, [0, 2, 1, 3, 4]))
        ),
        "Left and right are swapped: left is a column step of -1.": lambda got: np.array_equal(
            got, np.choose(truth, [0, 1, 2, 4, 3])
        ),
    }


@pytest.mark.points(2)
@pytest.mark.parametrize("num_clips, frames, size", CLIP_CASES, ids=check.case_ids(CLIP_CASES))
def test_labels_name_the_move_into_each_frame(kata, num_clips, frames, size):
    clips, labels, call = clips_of(kata, 12, frames, size)
    truth = np.stack([check.video.labels_of_path(check.video.dot_path(clip)) for clip in clips])
    if np.array_equal(labels, truth):
        return
    clip = next(i for i in range(len(labels)) if not np.array_equal(labels[i], truth[i]))
    names = ", ".join(DIRECTIONS[label] for label in truth[clip])
    check.fail(
        f"{call}: clip {clip} has labels {labels[clip].tolist()}; the path of its dot, "
        f"{check.video.dot_path(clips[clip]).tolist()}, gives {truth[clip].tolist()} ({names}). "
        + (
            check.likely_mistake(labels, label_mistakes(truth))
            or "Label 0 on the first frame, then the label in MOVES of the step from the frame before."
        )
    )


@pytest.mark.points(1)
def test_directions_and_starting_places_are_drawn_at_random(kata):
    num_clips, frames, size = 2000, 4, 5
    clips, labels, call = clips_of(kata, num_clips, frames, size)
    shares = np.bincount(labels[:, -1], minlength=len(DIRECTIONS))[1:] / num_clips
    if not np.all(np.abs(shares - 0.25) < 0.05):
        check.fail(
            f"{call} gave the directions up, down, left, right to shares {check.short_array(shares)} of the clips; "
            "expected about 0.25 each: draw each clip's direction with rng.integers(1, 5)."
        )
    for label, (row_step, column_step) in MOVES.items():
        starts = {tuple(check.video.dot_path(clip)[0]) for clip in clips[labels[:, -1] == label]}
        rows, columns = (check.video.starts(step, frames, size) for step in (row_step, column_step))
        allowed = {(row, column) for row in rows for column in columns}
        if starts != allowed:
            check.fail(
                f"{call}: the clips moving {DIRECTIONS[label]} start at {len(starts)} places, {sorted(starts)[:6]}...; "
                f"expected every one of the {len(allowed)} places that leave room for {frames - 1} moves, drawn with "
                "rng. Draw the starting row and column with rng.integers over those that keep the dot inside."
            )


@pytest.mark.points(1)
def test_the_same_seed_gives_the_same_clips(kata):
    call = check.call_text("make_moving_dot_clips", 4, 5, 7, "rng")
    made = []
    for seed, global_seed in [(3, 1), (3, 2), (4, 1)]:
        np.random.seed(global_seed)
        clips, labels = kata.make_moving_dot_clips(4, 5, 7, np.random.default_rng(seed))
        made.append((np.asarray(clips), np.asarray(labels)))
    if not (np.array_equal(made[0][0], made[1][0]) and np.array_equal(made[0][1], made[1][1])):
        check.fail(
            f"Two calls of {call} with generators seeded alike made different clips: they draw from somewhere else, "
            "such as np.random's global generator. Draw everything from the rng argument."
        )
    if np.array_equal(made[0][0], made[2][0]):
        check.fail(f"{call} made the same clips from generators seeded differently: draw from the rng argument.")


@pytest.mark.points(1)
@pytest.mark.parametrize(
    "num_clips, frames, size, why",
    [
        (0, 4, 6, "there must be at least one clip"),
        (3, 1, 6, "a clip of one frame has no move"),
        (3, 6, 5, "a dot that moves 5 pixels does not fit in 5 pixels"),
        (3, 4, 0, "a frame needs pixels"),
    ],
    ids=["no clips", "one frame", "no room to move", "empty frame"],
)
def test_make_moving_dot_clips_rejects_sizes_with_value_error(kata, num_clips, frames, size, why):
    call = check.call_text("make_moving_dot_clips", num_clips, frames, size, "rng")
    check.check_raises_value_error(
        kata.make_moving_dot_clips, call, why, num_clips, frames, size, np.random.default_rng(0)
    )


# --------------------------------------------------------------------------- build_frame_encoder

ENCODER_CASES = [(8, 8), (12, 4), (6, 3)]  # (size, filters)


def encoder(kata, size, filters):
    model, call = check.build(
        kata.build_frame_encoder, input_hint="keras.Input(shape=(size, size, 1))", size=size, filters=filters
    )
    if tuple(model.inputs[0].shape) != (None, size, size, 1):
        check.fail(
            f"{call} built a model whose input shape is {tuple(model.inputs[0].shape)}; expected "
            f"{(None, size, size, 1)}: one frame, without the clip's frames axis. Start it with "
            "keras.Input(shape=(size, size, 1))."
        )
    return model, call


@pytest.mark.points(1)
@pytest.mark.parametrize("size, filters", ENCODER_CASES, ids=check.case_ids(ENCODER_CASES))
def test_frame_encoder_turns_a_frame_into_one_feature_vector(kata, size, filters):
    model, call = encoder(kata, size, filters)
    (features,) = check.model_outputs(model, check.video.dot_frames(size, [(1, 1), (2, 3)]), call, "2 frames")
    if features.ndim != 2:
        check.fail(
            f"{call} turned 2 frames into an output of shape {features.shape}; expected (2, features), one vector "
            "per frame, as an LSTM reads. "
            + (
                check.found("feature_maps_not_flattened", "Flatten the convolution's feature maps into one vector.")
                if features.ndim == 4
                else ""
            )
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("size, filters", ENCODER_CASES, ids=check.case_ids(ENCODER_CASES))
def test_frame_encoder_has_one_3x3_convolution_whatever_the_frame_size(kata, size, filters):
    model, call = encoder(kata, size, filters)
    expected = 3 * 3 * 1 * filters + filters
    grows = {
        f"The count grows with the frame: a layer such as a Dense reads the {size}x{size} frame's pixels. Share "
        "one small kernel over every position instead.": model.count_params() > expected
    }
    check.check_parameter_count(
        model,
        call,
        [("Conv2D", "3*3*1*filters + filters", f"3*3*1*{filters} + {filters}", expected)],
        [check.found("weights_that_grow_with_the_frame", why) for why, grown in grows.items() if grown],
    )


@pytest.mark.points(2)
def test_frame_encoder_keeps_where_the_dot_is(kata):
    size = 8
    model, call = encoder(kata, size, 8)
    places = [(1, 1), (1, 6), (6, 1), (6, 6), (3, 4)]
    (features,) = check.model_outputs(model, check.video.dot_frames(size, places), call, "5 frames of one dot")
    for first in range(len(places)):
        for second in range(first + 1, len(places)):
            if np.allclose(features[first], features[second], atol=1e-6):
                check.fail(
                    f"{call} gives the same features for a dot at {places[first]} and at {places[second]}: "
                    + check.found(
                        "forgets_where_the_dot_is",
                        "the encoder forgets where the dot is, so no LSTM after it can tell which way the dot "
                        "moved. Global pooling keeps only what is in a frame, not where: Flatten the feature maps "
                        "(after a MaxPooling2D if you like, which keeps a coarser map).",
                    )
                )


# --------------------------------------------------------------------------- build_video_tagger

TAGGER_CASES = [(6, 8, 5), (4, 6, 3), (7, 10, 5)]  # (frames, size, num_classes)


def tagger(kata, frames, size, num_classes=5, filters=8, units=32):
    model, call = check.build(
        kata.build_video_tagger,
        input_hint="keras.Input(shape=(frames, size, size, 1))",
        frames=frames,
        size=size,
        num_classes=num_classes,
        filters=filters,
        units=units,
    )
    if tuple(model.inputs[0].shape) != (None, frames, size, size, 1):
        check.fail(
            f"{call} built a model whose input shape is {tuple(model.inputs[0].shape)}; expected "
            f"{(None, frames, size, size, 1)}. Use keras.Input(shape=(frames, size, size, 1))."
        )
    return model, call


def outputs_of(model, call, clips):
    return check.model_outputs(model, clips, call, f"clips of shape {clips.shape}")[0]


@pytest.mark.points(2)
@pytest.mark.parametrize("frames, size, num_classes", TAGGER_CASES, ids=check.case_ids(TAGGER_CASES))
def test_tagger_gives_a_distribution_over_the_classes_at_every_frame(kata, kata_seed, frames, size, num_classes):
    model, call = tagger(kata, frames, size, num_classes)
    clips, _ = check.video.moving_dot_clips(3, frames, size, np.random.default_rng(kata_seed))
    check.check_distributions(
        outputs_of(model, call, clips),
        (3, frames, num_classes),
        call,
        "3 clips",
        "one distribution per frame. "
        + "The LSTM needs return_sequences=True to keep an output for every frame, then Dense(num_classes).",
        wrong_softmax={
            "The softmax runs over the frames axis: each class sums to 1 across frames instead of each frame "
            "across classes. Use Dense(num_classes, activation='softmax'), which works on the last axis.": (
                lambda probabilities: np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-4)
            ),
        },
        softmax_lesson="End in Dense(num_classes, activation='softmax').",
    )


@pytest.mark.points(2)
def test_tagger_at_each_frame_reads_that_frame_and_the_ones_before_only(kata, kata_seed):
    frames, size = 6, 8
    model, call = tagger(kata, frames, size)
    clips, _ = check.video.moving_dot_clips(4, frames, size, np.random.default_rng(kata_seed))
    before = outputs_of(model, call, clips)
    later, earlier = clips.copy(), clips.copy()
    later[:, 4:] = clips[::-1, 4:]  # other frames 4 and 5
    earlier[:, 2] = clips[::-1, 2]  # another frame 2
    if not np.allclose(outputs_of(model, call, later)[:, :4], before[:, :4], atol=1e-5):
        check.fail(
            f"{call}: changing frames 4 and 5 changed the outputs at frames 0 to 3. "
            + check.found(
                "reads_later_frames",
                "A frame's label may only read that frame and the ones before it, as a forward LSTM does; "
                "Bidirectional or go_backwards reads later frames.",
            )
        )
    if np.allclose(outputs_of(model, call, earlier)[:, 3], before[:, 3], atol=1e-6):
        check.fail(
            f"{call}: changing frame 2 left the outputs at frame 3 as they were, so frame 3's output reads frame 3 "
            "alone. "
            + check.found(
                "reads_one_frame_alone",
                "A single frame cannot tell which way the dot moved: an LSTM after the encoder carries what it saw "
                "from frame to frame.",
            )
        )


@pytest.mark.points(2)
@pytest.mark.parametrize("filters, units, num_classes", [(8, 32, 5), (4, 6, 3)], ids=["8-32-5", "4-6-3"])
def test_parameter_count_is_one_shared_encoder_an_lstm_and_a_dense(kata, filters, units, num_classes):
    counts = {}
    for frames in (4, 9):
        model, call = tagger(kata, frames, 8, num_classes, filters, units)
        counts[frames] = model.count_params()
    if counts[4] != counts[9]:
        check.fail(
            f"build_video_tagger has {counts[4]:,} parameters for 4 frames and {counts[9]:,} for 9: "
            + check.found(
                "weights_that_grow_with_the_clip",
                "its weights grow with the clip. One encoder, wrapped in TimeDistributed, serves every frame with "
                "the same weights; a Dense on the flattened clip, or a new encoder per frame, does not.",
            )
        )
    lstm = check.recurrent_layers(model)
    width = int(lstm[0].layer.weights[0].shape[0]) if lstm and lstm[0].layer.weights else 0
    check.check_parameter_count(
        model,
        call,
        [
            ("encoder", "3*3*1*filters + filters", f"3*3*1*{filters} + {filters}", 10 * filters),
            (
                "LSTM",
                "4*units*(units+features+1)",
                f"4*{units}*({units}+{width}+1)",
                check.lstm_parameters(units, width),
            ),
            (
                "Dense",
                "units*num_classes + num_classes",
                f"{units}*{num_classes} + {num_classes}",
                (units + 1) * num_classes,
            ),
        ],
    )


@pytest.mark.points(1)
def test_tagger_is_one_forward_lstm_that_returns_its_sequence(kata):
    model, call = tagger(kata, 5, 6, units=12)
    if any(type(layer).__name__.startswith("ConvLSTM") for layer, _ in check.walk_layers(model)):
        check.fail(
            f"{call} uses a ConvLSTM layer. "
            + check.found(
                "convolutional_lstm",
                "It runs the convolution inside the LSTM's gates, a fine design, but this kata asks for the "
                "encoder, then an LSTM over one feature vector per frame, as the lesson says.",
            )
        )
    check.check_lstm_stack(model, call, [12], last_return_sequences=True)


@pytest.mark.points(1)
def test_tagger_is_compiled_with_adam_for_integer_labels(kata):
    model, call = tagger(kata, 4, 6)
    check.check_compiled_with_adam(model, call, check.LABEL_LOSS)


# --------------------------------------------------------------------------- training

FRAMES, SIZE, EPOCHS = 6, 8, 25
ACCURACY = check.pass_bar(__file__, "accuracy")


@pytest.mark.points(5)
@pytest.mark.training
def test_tagger_learns_which_way_the_dot_moves(kata, kata_seed):
    """Task: 512 clips of 6 frames of 8x8 pixels, made by the test; at each frame, the move into it.
    One frame cannot tell the direction, two in a row can. The tagger's accuracy per frame, on 256
    fresh clips, must reach kata.toml's accuracy."""
    keras.utils.set_random_seed(kata_seed)
    rng = np.random.default_rng(kata_seed)
    train = check.video.moving_dot_clips(512, FRAMES, SIZE, rng)
    test = check.video.moving_dot_clips(256, FRAMES, SIZE, rng)
    model, call = tagger(kata, FRAMES, SIZE)
    check.video.check_learns_to_label_frames(model, call, kata_seed, train, test, ACCURACY, EPOCHS)
