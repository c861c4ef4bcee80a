"The task-specific pipeline (v1) through the `kdnas` command on the smoke-v1 preset: fine-tune, search, distil."
import json, os
import pandas as pd
from transformers import AutoModel, AutoModelForSequenceClassification
from conftest import kdnas

def test_finetune_search_distil(tmp_path):
    env = {**os.environ, "KDNAS_CACHE": str(tmp_path / "cache")}   # own cache: other tests fine-tune the same teacher
    r = kdnas("finetune", "--preset", "smoke-v1", "--quiet", env=env)
    assert "MNLI-m: accuracy" in r.stdout and "fine-tuned in" in r.stdout
    again = kdnas("finetune", "--preset", "smoke-v1", "--quiet", env=env)
    assert "(cached)" in again.stdout                       # trained once
    run = tmp_path / "run"
    kdnas("search", "--preset", "smoke-v1", "--out", run, "--quiet")
    c = pd.read_csv(run / "candidates.csv")
    assert len(c) == 4 and c.accuracy.between(0, 1).all() and (c.latency_ms > 0).all() and c.reward.notna().all()
    assert {"loss_representation", "loss_logits", "loss_hard_label"} <= set(c.columns)
    cfg = json.loads((run / "config.json").read_text())
    assert cfg["proxy"] == "task" and cfg["teacher_dev"]["accuracy"] >= 0 and cfg["settings"]["reward"]["kind"] == "accuracy"
    assert cfg["quality"] == "accuracy"
    out = tmp_path / "students"
    r = kdnas("distil", "--preset", "smoke-v1", "--run", run, "--top", "1", "--state", "2L-2A-192H-384I-relu",
              "--out", out, "--quiet")
    s = pd.read_csv(out / "students.csv")
    assert len(s) == 2 and s.score.between(0, 1).all()
    m = AutoModel.from_pretrained(out / "2L-2A-192H-384I-relu")
    assert (m.config.num_hidden_layers, m.config.hidden_size, m.config.hidden_act) == (2, 192, "relu")
    assert AutoModelForSequenceClassification.from_pretrained(out / "2L-2A-192H-384I-relu").config.num_labels == 3

def test_task_bad_input(tmp_path):
    r = kdnas("finetune", "--preset", "smoke-v1", "--data", "hub", check=False)
    assert r.returncode == 2 and "offline" in r.stderr.lower(), r.stderr
    r = kdnas("search", "--preset", "smoke-v1", "--out", tmp_path / "r", "--augment", "snli", check=False)
    assert r.returncode == 2 and "stanfordnlp/snli" in r.stderr, r.stderr
    r = kdnas("distil", "--preset", "smoke-v1", "--out", tmp_path / "s", "--state", "6L-12A-384H-1536I-gelux", check=False)
    assert r.returncode == 2 and "unknown hidden_act" in r.stderr, r.stderr
