#!/usr/bin/env bash
# The main job: set up, then run the KD-NAS search on the offline `quick` preset (about 20 min on 2 cores).
# Extra arguments go to `kdnas search` (e.g. --out runs/other --episodes 8).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export HF_HUB_OFFLINE=${HF_HUB_OFFLINE:-1} HF_DATASETS_OFFLINE=${HF_DATASETS_OFFLINE:-1} HF_EVALUATE_OFFLINE=${HF_EVALUATE_OFFLINE:-1}
exec .venv/bin/kdnas search --preset quick --out runs/quick "$@"
