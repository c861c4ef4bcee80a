"Student pretraining: `kdnas pretrain` on `smoke` (resumable after a kill), then `kdnas distil --init` on `smoke` and `smoke-v1`."
import json, signal, subprocess, time
import pandas as pd
import pytest
import torch
from safetensors.torch import load_file
from transformers import AutoModel, AutoModelForMaskedLM, AutoModelForSequenceClassification
from conftest import kdnas, KDNAS, ROOT

KEY = "2L-2A-64H-128I-relu"
STILL = ["--set", "distil.lr=1e-12", "--set", "distil.max_steps=1"]   # one step too small to move any weight

@pytest.fixture(scope="module")
def pretrained(tmp_path_factory):
    "A smoke-pretrained student's folder."
    out = tmp_path_factory.mktemp("pre") / KEY
    r = kdnas("pretrain", "--preset", "smoke", "--state", KEY, "--out", out, "--quiet")
    assert f"{KEY}: 4 steps on 56 paragraphs" in r.stdout, r.stdout
    return out

def test_pretrain_folder(pretrained):
    "The folder is a Hugging Face MLM student of the state, with its tokenizer and pretrain.json; no checkpoints left."
    rec = json.loads((pretrained / "pretrain.json").read_text())
    assert (rec["state"], rec["steps"], rec["texts"], rec["heldout_texts"]) == (KEY, 4, 56, 8)
    assert [s for s, _ in rec["loss_curve"]] == [1, 2, 3, 4] and rec["heldout_loss"] > 0 and rec["seconds"] > 0
    assert rec["plan"]["source"] == "shared:text/enwiki-2015-AA.txt.gz"
    m = AutoModelForMaskedLM.from_pretrained(pretrained)
    assert (m.config.num_hidden_layers, m.config.hidden_size, m.config.hidden_act) == (2, 64, "relu")
    assert (pretrained / "tokenizer.json").exists() and not (pretrained / "checkpoints").exists()
    from sentence_transformers import SentenceTransformer   # the MiniLM teacher's students are sentence-transformers models
    assert SentenceTransformer(str(pretrained), device="cpu").encode(["a sentence"]).shape == (1, 64)
    assert "heldout_loss" in (pretrained / "README.md").read_text()
    r = kdnas("pretrain", "--preset", "smoke", "--state", KEY, "--out", pretrained, "--quiet")   # done: nothing to train
    assert json.loads((pretrained / "pretrain.json").read_text())["seconds"] == rec["seconds"], r.stdout
    r = kdnas("pretrain", "--preset", "smoke", "--state", KEY, "--out", pretrained, "--set", "pretrain.lr=0.1", check=False)
    assert r.returncode == 2 and "pretrain.lr differ" in r.stderr and "Traceback" not in r.stderr, r.stderr

def _encoder(path, classifier=False):
    m = (AutoModelForSequenceClassification if classifier else AutoModel).from_pretrained(path)
    return {k: v for k, v in m.base_model.state_dict().items() if not k.startswith("pooler.")}

@pytest.mark.parametrize("preset", ["smoke", "smoke-v1"])
def test_distil_from_pretrained(preset, pretrained, tmp_path):
    "The student starts from the pretrained encoder (not random weights) in both pipelines; the record names the start."
    pre = {k[len("bert."):]: v for k, v in load_file(pretrained / "model.safetensors").items() if k.startswith("bert.")}
    task = preset == "smoke-v1"
    kdnas("distil", "--preset", preset, "--state", KEY, "--init", pretrained, "--out", tmp_path / "init", *STILL, "--quiet")
    kdnas("distil", "--preset", preset, "--state", KEY, "--out", tmp_path / "random", *STILL, "--quiet")
    got, rnd = _encoder(tmp_path / "init" / KEY, task), _encoder(tmp_path / "random" / KEY, task)
    assert got.keys() == pre.keys()
    for k, v in pre.items(): assert torch.allclose(got[k], v, atol=1e-6), k                 # the pretrained weights
    assert not torch.allclose(rnd["embeddings.word_embeddings.weight"], pre["embeddings.word_embeddings.weight"], atol=1e-3)
    assert got["embeddings.word_embeddings.weight"].shape[0] == 30522                      # full vocabulary
    a, b = (json.loads((tmp_path / f / KEY / "distil.json").read_text()) for f in ("init", "random"))
    assert a["init"] == str(pretrained.resolve()) and b["init"] is None
    assert pd.read_csv(tmp_path / "init" / "students.csv").init[0] == str(pretrained.resolve())
    if task: assert abs(a["loss_representation"] - b["loss_representation"]) > 1e-4          # step 1's L_RL differs
    # the folder's own state when no --state is given (same settings: reused); another start for a finished student is refused
    r = kdnas("distil", "--preset", preset, "--init", pretrained, "--out", tmp_path / "init", *STILL, "--quiet")
    assert KEY in r.stdout
    r = kdnas("distil", "--preset", preset, "--state", KEY, "--out", tmp_path / "init", "--quiet", check=False)
    assert r.returncode == 2 and "not from random weights" in r.stderr and "Traceback" not in r.stderr, r.stderr
    r = kdnas("distil", "--preset", preset, "--state", "3L-2A-64H-128I-relu", "--init", pretrained, "--out", tmp_path / "x", check=False)
    assert r.returncode == 2 and f"holds a {KEY} student, not 3L-2A-64H-128I-relu" in r.stderr, r.stderr

def test_pretrain_resumes_after_kill(tmp_path):
    "A `kdnas pretrain` killed (SIGKILL) after a checkpoint resumes from it and ends as an uninterrupted run does."
    sets = ["--set", "pretrain.max_steps=60", "--set", "pretrain.save_steps=5"]
    args = [KDNAS, "pretrain", "--preset", "smoke", "--state", KEY, *sets, "--quiet", "--out"]
    out = tmp_path / "killed"
    p = subprocess.Popen([*args, str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while not list((out / "checkpoints").glob("checkpoint-*/trainer_state.json")) and p.poll() is None and time.time() - t0 < 300: time.sleep(0.05)
    p.send_signal(signal.SIGKILL); p.wait()
    assert not (out / "pretrain.json").exists(), "the run ended before it could be killed"
    r = kdnas("pretrain", "--preset", "smoke", "--state", KEY, *sets, "--out", out, "--quiet")
    rec = json.loads((out / "pretrain.json").read_text())
    assert rec["resumed_from"] and rec["resumed_from"].startswith("checkpoint-") and "resumed from checkpoint-" in r.stdout
    assert rec["steps"] == 60 and [s for s, _ in rec["loss_curve"]] == list(range(1, 61))
    kdnas("pretrain", "--preset", "smoke", "--state", KEY, *sets, "--out", tmp_path / "whole", "--quiet")
    whole = json.loads((tmp_path / "whole" / "pretrain.json").read_text())
    assert rec["loss_curve"] == whole["loss_curve"] and rec["heldout_loss"] == whole["heldout_loss"]
    wa, wb = load_file(out / "model.safetensors"), load_file(tmp_path / "whole" / "model.safetensors")
    assert all(torch.equal(wa[k], wb[k]) for k in wb)
