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
  .venv/bin/python -m pip install -q -e ".[dev,offline,postgres]"
  # the worker tests start a throwaway PostgreSQL server: install Debian's when it is missing (root only; skip with KDNAS_NO_APT=1)
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null && [ -z "${KDNAS_NO_APT:-}" ] \
     && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
      || echo "could not install postgresql: the worker tests will be skipped" >&2
  fi
  touch "$stamp"
fi
.venv/bin/python -c "import torch, transformers, kdnas; print(f'kdnas {kdnas.__version__} | torch {torch.__version__} | transformers {transformers.__version__}')"
