import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKER = os.environ.get("PYTEST_XDIST_WORKER")   # under pytest-xdist (scripts/test.sh): gw0, gw1, ...
if WORKER: os.environ.setdefault("OMP_NUM_THREADS", "1")   # before torch is imported: one thread per worker (2 cores)
KDNAS = str(Path(sys.executable).parent / "kdnas")

@pytest.fixture(autouse=True, scope="session")
def _offline_env(tmp_path_factory):
    os.environ.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_EVALUATE_OFFLINE="1", MPLBACKEND="Agg")
    os.environ.setdefault("KDNAS_CACHE", str(tmp_path_factory.mktemp("cache")))
    if WORKER:   # each worker its own cache: no two processes fill the same teacher or latency entry at once
        os.environ["KDNAS_CACHE"] = str(Path(os.environ["KDNAS_CACHE"]) / WORKER)

def kdnas(*args, timeout=600, check=True, **kw):
    "Run the installed `kdnas` command; returns the CompletedProcess."
    r = subprocess.run([KDNAS, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=ROOT, **kw)
    if check and r.returncode: raise AssertionError(f"kdnas {' '.join(map(str, args))} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r
