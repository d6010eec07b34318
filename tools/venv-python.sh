#!/usr/bin/env bash
# Prints the interpreter the project's .venv is built on.
#
# The distribution's own Python (/usr/bin/python3 on Debian, Ubuntu, Fedora) is compiled with
# profile-guided and link-time optimisation and without a shared libpython; a pyenv or plain
# source build is not, by default. Rendering is Python-bound (matplotlib, pandas, papermill):
# on the bench machine the distribution's 3.11 drew the report charts ~13 % faster than
# pyenv's 3.11 (bench/README.md). So when /usr/bin/python3 is the same Python version (major.minor)
# as the first argument (python3 on PATH), it is used instead; a different version is never
# chosen behind your back. `make VENV_PYTHON=/path/to/python` overrides the choice.
set -euo pipefail
wanted="${1:-python3}"
system=/usr/bin/python3
version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }
if [ -x "$system" ] && [ -n "$(version "$system")" ] && [ "$(version "$system")" = "$(version "$wanted")" ]; then
  readlink -f "$system"
else
  command -v "$wanted" || echo "$wanted"
fi
