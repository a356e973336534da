#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (written by `grader gradescope-bundle`).  It installs Python @PYTHON_VERSION@+,
# bubblewrap (the sandbox's strongest layer, used where the image allows it)
# and the grader, and puts `grader` on PATH.
set -euo pipefail
SOURCE="$(cd "$(dirname "$0")" && pwd)"
ROOT="${AUTOGRADER_ROOT:-/autograder}"
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-pip bubblewrap >/dev/null || \
  apt-get install -y -qq python3 python3-venv python3-pip >/dev/null

PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && \
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    PY="$candidate"; break
  fi
done
if [ -z "$PY" ]; then  # Ubuntu 22.04 images: Python 3.10 by default, 3.11 in universe
  apt-get install -y -qq software-properties-common >/dev/null
  add-apt-repository -y universe >/dev/null
  apt-get update -qq
  apt-get install -y -qq python3.11 python3.11-venv >/dev/null
  PY=python3.11
fi

"$PY" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install -q --upgrade pip
"$ROOT/venv/bin/python" -m pip install -q "$SOURCE/@WHEEL@"
ln -sf "$ROOT/venv/bin/grader" /usr/local/bin/grader
grader --version
