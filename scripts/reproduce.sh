#!/usr/bin/env bash
# Reproduce the paper's tables in one command: every notebook of paper_repro/ (listed in paper_repro/reproduce.toml)
# run by papermill in dependency order, resumable, then paper_repro/results/REPORT.md. Two notebooks at a time where
# there are 2 cores or more. On 2 cores (2026-11-30), one uninterrupted run of this command from an empty cache
# (KDNAS_CACHE=runs/reproduce/cache-full bash scripts/reproduce.sh --out runs/reproduce/full) finished all 10 quick
# notebooks in 2 h 05 min, two at a time (their wall times sum to 3 h 34 min), peak memory 5.52 GB.
# Extra arguments go to `kdnas reproduce` (e.g. --preset smoke, --only layer_mapping, --force minilmv2, --report-only,
# --jobs 1); the last --jobs given wins.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/kdnas ] || bash scripts/install.sh
export HF_HUB_OFFLINE=${HF_HUB_OFFLINE:-1} HF_DATASETS_OFFLINE=${HF_DATASETS_OFFLINE:-1} HF_EVALUATE_OFFLINE=${HF_EVALUATE_OFFLINE:-1}
export MPLBACKEND=${MPLBACKEND:-Agg}
jobs=$(( $(nproc) >= 2 ? 2 : 1 ))
exec .venv/bin/kdnas reproduce --preset quick --jobs "$jobs" "$@"
