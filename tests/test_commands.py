"Every command on both pipelines: search, random, fidelity, distil, probe and eval on `smoke` (v2) and `smoke-v1` (v1)."
import json, time
import pandas as pd
import pytest
from transformers import AutoModel, AutoModelForSequenceClassification
from conftest import kdnas

QUALITY = {"smoke": "distil_loss", "smoke-v1": "accuracy"}

@pytest.mark.parametrize("preset", ["smoke", "smoke-v1"])
def test_every_command_on_every_pipeline(preset, tmp_path):
    q, run = QUALITY[preset], tmp_path / "run"
    kdnas("search", "--preset", preset, "--out", run, "--quiet")
    c = pd.read_csv(run / "candidates.csv")
    assert q in c and c[q].notna().all() and c.reward.notna().all()
    cfg = json.loads((run / "config.json").read_text())
    assert cfg["quality"] == q and (run / "settings.toml").exists()
    r = kdnas("random", "--preset", preset, "--out", run, "--seeds", "1", "--k", "1", "--quiet")
    rnd = pd.read_csv(run / "random.csv")
    assert len(rnd) == 1 and rnd[q].notna().all() and q in r.stdout
    r = kdnas("fidelity", "--preset", preset, "--n", "2", "--factor", "2", "--out", tmp_path / "fid.csv", "--quiet")
    fid = pd.read_csv(tmp_path / "fid.csv")
    assert len(fid) == 2 and "Fidelity(spearman=" in r.stdout
    out = tmp_path / "students"
    onnx = ["--onnx"] if preset == "smoke-v1" else []   # a classifier's export (the encoder's: tests/test_deploy.py)
    kdnas("distil", "--preset", preset, "--run", run, "--top", "1", "--state", "2L-2A-64H-128I-relu", "--out", out, "--quiet", *onnx)
    s = pd.read_csv(out / "students.csv")
    assert len(s) == 2 and s[q].notna().all() and (s.latency_ms > 0).all() and set(s.quality) == {q}
    m = AutoModel.from_pretrained(out / "2L-2A-64H-128I-relu")
    assert (m.config.num_hidden_layers, m.config.hidden_size, m.config.hidden_act) == (2, 64, "relu")
    assert m.get_input_embeddings().num_embeddings == m.config.vocab_size   # full vocabulary (the proxy's is compact)
    AutoModelForSequenceClassification.from_pretrained(out / "2L-2A-64H-128I-relu")
    # a model card for every student; sentence-transformers files only where the teacher is one (v2: MiniLM; v1: its classifier)
    assert all((out / k / "README.md").exists() for k in s.state)
    assert (out / "2L-2A-64H-128I-relu" / "modules.json").exists() == (preset == "smoke")
    # frozen-feature probes of the student beside the teacher (ceiling) and its undistilled twin (floor)
    r = kdnas("probe", "--preset", preset, "--model", out / "2L-2A-64H-128I-relu", "--out", tmp_path / "probes")
    p = pd.read_csv(tmp_path / "probes" / "probes.csv")
    assert list(p.role) == ["trivial", "teacher", "student", "undistilled"] and "SST-2 probe acc" in r.stdout
    assert p[["SST-2 probe acc", "QQP cosine AUC", "QQP pair probe acc"]].notna().all().all()
    assert len(pd.read_csv(tmp_path / "probes" / "calibration.csv")) == 3
    # v2's other columns on real rows of ../shared/data (the preset's eval section: CoNLL-2003 and XNLI, a few steps)
    r = kdnas("eval", "--preset", preset, "--model", out / "2L-2A-64H-128I-relu", "--out", tmp_path / "eval", "--quiet")
    e = pd.read_csv(tmp_path / "eval" / "eval_per_seed.csv")
    assert sorted(e.groupby("task").column.nunique().items()) == [("conll2003", 1), ("xnli", 15)] and e.score.between(0, 100).all()
    assert "CoNLL" in r.stdout and "XNLI" in r.stdout
    if onnx:
        import onnxruntime as ort
        sess = ort.InferenceSession(str(out / "2L-2A-64H-128I-relu" / "model.onnx"), providers=["CPUExecutionProvider"])
        assert [o.name for o in sess.get_outputs()] == ["logits"]

def test_user_settings_file(tmp_path):
    "A user's own file works wherever a preset name does; a misspelt key fails at once, naming the key and the file."
    good = tmp_path / "mine.toml"
    good.write_text('base = "smoke"\n[search]\nepisodes = 1\ncandidates = 2\n')
    run = tmp_path / "run"
    kdnas("search", "--preset", good, "--out", run, "--quiet")
    assert len(pd.read_csv(run / "candidates.csv")) == 2
    assert "episodes = 1" in kdnas("presets", good).stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('base = "smoke"\n[proxy]\nlearning_rate = 1e-3\n')
    t0 = time.time()
    r = kdnas("search", "--preset", bad, "--out", tmp_path / "x", check=False)
    assert r.returncode == 2 and str(bad) in r.stderr and "unknown key proxy.learning_rate" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and time.time() - t0 < 10
    r = kdnas("search", "--preset", "smoke", "--set", "proxy.fraction=2", "--out", tmp_path / "x", check=False)
    assert r.returncode == 2 and "proxy.fraction = 2.0: must be <= 1" in r.stderr, r.stderr

def test_pruned_search(tmp_path):
    "Successive halving on `smoke`: pruned candidates are stored with the steps they ran and no reward, never picked."
    run = tmp_path / "run"
    kdnas("search", "--preset", "smoke", "--out", run, "--set", "search.prune=halving", "--set", "search.prune_first=0.5",
          "--quiet")
    c, top = pd.read_csv(run / "candidates.csv"), pd.read_csv(run / "top.csv")
    stopped = c[c.pruned_at.notna()] if "pruned_at" in c else c.iloc[:0]
    assert stopped.reward.isna().all() and (stopped.steps < c.steps.max()).all()
    assert c[c.pruned_at.isna() if "pruned_at" in c else slice(None)].reward.notna().all()
    assert not set(top.state) & set(stopped.state) and len(top) > 0
    r = kdnas("search", "--preset", "smoke-v1", "--out", tmp_path / "v1", "--set", "search.prune=halving", check=False)
    assert r.returncode == 2 and "search.prune" in r.stderr and "Traceback" not in r.stderr, r.stderr
