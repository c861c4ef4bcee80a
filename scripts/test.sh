#!/usr/bin/env bash
# Set up, then check that the library is in sync with the notebooks, that the notebooks are clean,
# run every notebook's checks (nbdev-test) and the integration tests (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 HF_EVALUATE_OFFLINE=1 PYTHONUNBUFFERED=1
export KDNAS_CACHE=${KDNAS_CACHE:-$(mktemp -d)}
export MPLBACKEND=Agg
if git rev-parse --git-dir >/dev/null 2>&1; then
  before=$(git status --porcelain)
  .venv/bin/nbdev-export
  .venv/bin/nbdev-clean
  after=$(git status --porcelain)
  if [ "$before" != "$after" ]; then
    echo "nbdev-export/nbdev-clean changed the tree: run them and commit the result" >&2
    diff <(echo "$before") <(echo "$after") >&2 || true
    exit 1
  fi
  echo "library in sync with notebooks; notebooks clean"
fi
.venv/bin/nbdev-test --n-workers 2 --timing
# two pytest workers, one file each at a time, the slowest files first (conftest.py SLOW_FIRST, kept by
# --no-loadscope-reorder), one torch thread each (conftest.py): most of a test's time is
# single-threaded start-up (imports, tokenizers, kernels), so two files at once use both cores
.venv/bin/python -m pytest -q -n "${KDNAS_TEST_WORKERS:-2}" --dist loadfile --no-loadscope-reorder --durations=25 tests "$@"
