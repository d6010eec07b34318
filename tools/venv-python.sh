#!/usr/bin/env bash
# Prints the interpreter the project's .venv is built on.
#
# The distribution's own Python (/usr/bin/python3 on Debian, Ubuntu, Fedora) is compiled with
# profile-guided and link-time optimisation and without a shared libpython; a pyenv or plain
# source build is not, by default. Rendering is Python-bound (matplotlib, pandas, papermill):
# on the bench machine the distribution's 3.11 drew the report charts ~13 % faster than
# pyenv's (bench/README.md). So it is preferred when its version is one the project supports
# (pyproject's requires-python); otherwise the first argument (python3 on PATH) is used.
# `make VENV_PYTHON=/path/to/python` overrides the choice.
set -euo pipefail
fallback="${1:-python3}"
system=/usr/bin/python3
if [ -x "$system" ] && "$system" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 13)))' 2>/dev/null; then
  readlink -f "$system"
else
  command -v "$fallback" || echo "$fallback"
fi
