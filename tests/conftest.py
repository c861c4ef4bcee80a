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

def tiny_model(d):
    "A randomly initialised 1-layer BERT with the offline teacher's tokenizer in D (a local stand-in for a hub model)."
    from transformers import AutoConfig, AutoTokenizer
    from kdnas.models import make_student, offline_teacher_path
    from kdnas.space import State
    src = offline_teacher_path()
    make_student(AutoConfig.from_pretrained(src), State.from_key("1L-2A-64H-128I-gelu")).save_pretrained(d)
    AutoTokenizer.from_pretrained(src).save_pretrained(d)
    return str(d)

def squad_norm(s):  # SQuAD v1.1's normalisation, written again here so the tests check the library independently
    import re, string
    s = "".join(c for c in s.lower() if c not in set(string.punctuation))
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", s).split())

def squad_f1(p, g):
    from collections import Counter
    p, g = squad_norm(p).split(), squad_norm(g).split()
    same = sum((Counter(p) & Counter(g)).values())
    return 0.0 if same == 0 else 2 * same / (len(p) + len(g))
