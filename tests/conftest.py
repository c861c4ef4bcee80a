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

class _Server:
    "The fork server of tests/cliserver.py: one per test process, started at the first command, ended with the process."
    proc = None
    @classmethod
    def run(cls, args:list, timeout:float)->subprocess.CompletedProcess:
        import json, queue, signal, tempfile, threading
        if cls.proc is None or cls.proc.poll() is not None:
            cls.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("cliserver.py"))], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, cwd=ROOT)
            cls.lines = queue.Queue()
            threading.Thread(target=lambda q=cls.lines, f=cls.proc.stdout: [q.put(json.loads(x)) for x in f], daemon=True).start()
        with tempfile.TemporaryDirectory() as d:
            out, err = f"{d}/out", f"{d}/err"
            cls.proc.stdin.write(json.dumps({"args": args, "cwd": str(ROOT), "env": dict(os.environ), "out": out, "err": err,
                                             "prog": KDNAS}) + "\n"); cls.proc.stdin.flush()
            pid = cls.lines.get(timeout=120)["pid"]
            try: code = cls.lines.get(timeout=timeout)["code"]
            except queue.Empty:
                os.kill(pid, signal.SIGKILL); cls.lines.get(timeout=60)
                raise subprocess.TimeoutExpired([KDNAS, *args], timeout)
            return subprocess.CompletedProcess([KDNAS, *args], code, Path(out).read_text(errors="replace"),
                                               Path(err).read_text(errors="replace"))

# The four slowest notebook tests (about 9.5 min of one worker: v1 main_comparison, v1 random_vs_nas, pretraining_ablation,
# and the batch killed and resumed) run only with KDNAS_FULL_TESTS=1, so that the default run (CI) stays under 20 min.
full = pytest.mark.skipif(os.environ.get("KDNAS_FULL_TESTS") != "1", reason="slow notebook test: set KDNAS_FULL_TESTS=1")

def kdnas(*args, timeout=600, check=True, **kw):
    """Run the installed `kdnas` command; returns the CompletedProcess. Started from the fork server (tests/cliserver.py:
    a separate process without the ~10 s of imports) unless `kw` asks for more (e.g. another `env`)."""
    if kw or os.environ.get("KDNAS_TEST_SUBPROCESS"):
        r = subprocess.run([KDNAS, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=ROOT, **kw)
    else: r = _Server.run(list(map(str, args)), timeout)
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

# The slowest files first (measured, `--durations`): pytest-xdist hands out whole files in collection order, so the long
# ones start at once and the short ones fill the gaps, instead of one long file running alone at the end.
SLOW_FIRST = ("test_reproduce.py", "test_repro.py", "test_commands.py", "test_main_comparison_v2.py", "test_minilmv2_repro.py",
              "test_pretraining_ablation.py", "test_pretrain.py", "test_workers.py", "test_task.py", "test_lstm_vs_optuna.py",
              "test_deploy.py", "test_params_vs_latency.py")

def pytest_collection_modifyitems(config, items):
    rank = {n: i for i, n in enumerate(SLOW_FIRST)}
    items.sort(key=lambda it: rank.get(Path(str(it.fspath)).name, len(SLOW_FIRST)))   # stable: the order within a file is kept
