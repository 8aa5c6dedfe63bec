#!/usr/bin/env sh
# Build the documentation as CI does: offline, every warning an error.
set -eu
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" -m sphinx -W --keep-going -b html docs docs/_build/html "$@"
