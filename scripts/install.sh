#!/usr/bin/env bash
# Set up kdnas in ./.venv on a fresh machine. torch is installed FIRST and pinned to the CPU wheel
# (an unpinned torch would pull gigabytes of CUDA packages). Idempotent: re-running is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=".venv/.kdnas-install-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".[dev,offline]"
  touch "$stamp"
fi
.venv/bin/python -c "import torch, transformers, kdnas; print(f'kdnas {kdnas.__version__} | torch {torch.__version__} | transformers {transformers.__version__}')"
