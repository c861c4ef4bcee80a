"Integration tests of the `kdnas` command on the smoke preset: run folder contract, resume after a kill, bad input."
import json, os, signal, sqlite3, subprocess, time
import pandas as pd
import pytest
from conftest import kdnas, KDNAS, ROOT

REQUIRED = ["episode", "origin", "num_hidden_layers", "num_attention_heads", "hidden_size", "intermediate_size",
            "hidden_act", "params", "latency_ms", "distil_loss", "reward", "seconds"]

def test_search_writes_run_folder(tmp_path):
    out = tmp_path / "run"
    r = kdnas("search", "--preset", "smoke", "--out", out, "--quiet")
    assert "KDNASArch1" in r.stdout
    for f in ("study.db", "controller.pt", "config.json", "settings.toml", "candidates.csv", "top.csv", "rewards.png", "latency_vs_quality.png"):
        assert (out / f).exists(), f
    c = pd.read_csv(out / "candidates.csv")
    assert set(REQUIRED) <= set(c.columns)
    assert len(c) == 2 * 3 and set(c.origin) <= {"controller", "random"}
    assert (c.latency_ms > 0).all() and c.distil_loss.between(0, 10).all() and c.reward.notna().all()
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["settings"]["preset"] == "smoke" and cfg["versions"]["torch"] and cfg["device"]
    assert cfg["teacher"]["params"] == 22_713_216
    top = pd.read_csv(out / "top.csv")
    assert top.reward.is_monotonic_decreasing and len(top) == 2

def _n_trials(db):
    try:
        with sqlite3.connect(db) as con: return con.execute("select count(*) from trials where state='COMPLETE'").fetchone()[0]
    except sqlite3.Error: return 0

def test_resume_after_kill(tmp_path):
    "A search killed mid-episode and re-run with the same command completes; every state is distilled once."
    out = tmp_path / "run"
    args = ["search", "--preset", "smoke", "--out", out, "--episodes", "3", "--quiet"]
    p = subprocess.Popen([KDNAS, *map(str, args)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while _n_trials(out / "study.db") < 4 and time.time() < deadline and p.poll() is None: time.sleep(0.2)
    assert p.poll() is None, "search ended before it could be killed"
    p.send_signal(signal.SIGKILL); p.wait()
    before = _n_trials(out / "study.db")
    assert 4 <= before < 9
    kdnas(*args)
    c = pd.read_csv(out / "candidates.csv")
    assert sorted(c.episode.unique()) == [1, 2, 3] and len(c) == 9
    fresh = c[~c.reused]
    assert fresh.state.is_unique                                  # each state distilled once
    assert _n_trials(out / "study.db") == len(fresh) >= before   # nothing lost

def test_random_baseline(tmp_path):
    out = tmp_path / "run"
    kdnas("random", "--preset", "smoke", "--out", out, "--seeds", "1,2", "--k", "2", "--quiet")
    r = pd.read_csv(out / "random.csv")
    assert len(r) == 4 and sorted(r.seed.unique()) == [1, 2]

@pytest.mark.parametrize("args,msg", [
    (["search", "--preset", "smoke", "--teacher", "/no/such/teacher"], "does not exist"),
    (["search", "--preset", "smoke", "--teacher", "google-bert/bert-base-uncased"], "HF_HUB_OFFLINE is set"),
    (["search", "--preset", "smoke", "--data", "/no/such/corpus.txt.gz"], "does not exist"),
    (["search", "--preset", "nonsense"], "unknown preset 'nonsense'"),
    (["latency", "--preset", "smoke", "--state", "6L-12A-384H-1536I-tanh"], "hidden_act='tanh' is not in the search space"),
])
def test_bad_input_fails_fast(tmp_path, args, msg):
    t0 = time.time()
    r = kdnas(*args, *(["--out", tmp_path / "x"] if args[0] == "search" else ["--table", tmp_path / "t.json"]), check=False, timeout=60)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert msg in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert time.time() - t0 < 30

def test_corrupt_storage_is_refused(tmp_path):
    out = tmp_path / "run"; out.mkdir()
    (out / "study.db").write_text("garbage, not a database")
    r = kdnas("search", "--preset", "smoke", "--out", out, check=False)
    assert r.returncode == 2 and "not an SQLite database" in r.stderr
    assert (out / "study.db").read_text() == "garbage, not a database"   # left untouched

@pytest.mark.parametrize("args,msg", [
    (["--model", "/no/such/student"], "no model folder /no/such/student"),
    (["--model", "/no/such/student", "--tasks", "sst2,mrpc"], "unknown probe 'mrpc'"),
])
def test_probe_bad_input(tmp_path, args, msg):
    "kdnas probe names a missing student folder or an unknown probe, without a traceback."
    r = kdnas("probe", "--preset", "smoke", *args, check=False, timeout=120)
    assert r.returncode == 2 and msg in r.stderr and "Traceback" not in r.stderr, r.stderr
