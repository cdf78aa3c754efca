#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image. The repository is unpacked in
# /autograder/source; the environment lives outside it. A student's code runs confined by
# Landlock and cannot read either.
set -euo pipefail
apt-get update
apt-get install -y python3 python3-venv
python3 -m venv /opt/katas-venv
/opt/katas-venv/bin/pip install --upgrade pip
/opt/katas-venv/bin/pip install -r /autograder/source/requirements.txt
