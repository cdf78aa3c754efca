"""Appended to the kata 08 reference solution: steps_per_epoch loops forever."""


def steps_per_epoch(num_samples, batch_size, validation_split=0.0):
    steps = 0
    while True:
        steps += 1
