"Deployable students (`kdnas distil` on `smoke`): sentence-transformers folders, similarity agreement, model cards, ONNX, hub upload."
import json, os, time
import numpy as np
import pandas as pd
import pytest
from pathlib import Path
from scipy.stats import spearmanr
from conftest import kdnas, ROOT

KEY = "2L-2A-64H-128I-relu"
QQP_FILE = "shared:glue/qqp/validation-00000-of-00001.parquet"   # the offline mirror (../shared/data or $KDNAS_SHARED_DATA)

@pytest.fixture(scope="module")
def students(tmp_path_factory):
    "A smoke student distilled by the command line, with --onnx."
    out = tmp_path_factory.mktemp("deploy") / "students"
    kdnas("distil", "--preset", "smoke", "--state", KEY, "--onnx", "--out", out, "--quiet")
    return out

def test_sentence_transformers_student(students):
    "The student folder loads in sentence-transformers (the teacher's pooling and normalisation) and in transformers."
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel
    d = students / KEY
    st = SentenceTransformer(str(d), device="cpu")
    emb = st.encode(["The cat sat on the mat.", "A dog barked at the postman."])
    assert emb.shape == (2, 64) and np.allclose(np.linalg.norm(emb, axis=1), 1, atol=1e-5)
    assert [type(m).__name__ for m in st] == ["Transformer", "Pooling", "Normalize"]
    assert AutoModel.from_pretrained(d).config.hidden_size == 64

def test_similarity_agreement_is_the_spearman_of_cosines(students):
    "distil.json's similarity_spearman equals Spearman(student cos, teacher cos) on the preset's seeded QQP validation pairs, recomputed here."
    from sentence_transformers import SentenceTransformer
    from kdnas.models import offline_teacher_path
    rec = json.loads((students / KEY / "distil.json").read_text())
    from kdnas.data import resolve_data_path
    rows = pd.read_parquet(resolve_data_path(QQP_FILE))
    from kdnas.settings import load_settings
    n = load_settings("smoke").distil.similarity_pairs   # 64 on smoke (1,000 by default)
    rows = rows.iloc[np.sort(np.random.default_rng(0).choice(len(rows), n, replace=False))]
    def cos(model):
        a = model.encode(list(rows.question1), normalize_embeddings=True); b = model.encode(list(rows.question2), normalize_embeddings=True)
        return (a * b).sum(1)
    want = spearmanr(cos(SentenceTransformer(str(students / KEY), device="cpu")),
                     cos(SentenceTransformer(str(offline_teacher_path()), device="cpu"))).statistic
    assert rec["similarity_pairs"] == len(rows) == n == 64
    assert abs(rec["similarity_spearman"] - want) < 1e-4, (rec["similarity_spearman"], want)
    assert "similarity_spearman" in pd.read_csv(students / "students.csv")

def test_model_card(students):
    "README.md is a Hugging Face model card: YAML metadata (library, base_model, tags), then the state, latency, scores."
    from huggingface_hub import ModelCard
    card = ModelCard.load(students / KEY / "README.md")
    assert card.data.library_name == "sentence-transformers" and card.data.base_model == "sentence-transformers/all-MiniLM-L6-v2"
    assert "kdnas" in card.data.tags and "knowledge-distillation" in card.data.tags
    for text in (f"# {KEY}", "| `hidden_size` | 64 |", "ms per inference (torch", "distil_loss", "Spearman", "2303.09639"):
        assert text in card.text, text

def test_onnx_export_matches_torch(students):
    "--onnx writes model.onnx; ONNX Runtime gives the student's last hidden state."
    import onnxruntime as ort, torch
    from transformers import AutoModel
    d = students / KEY
    sess = ort.InferenceSession(str(d / "model.onnx"), providers=["CPUExecutionProvider"])
    ids = torch.randint(5, 1000, (1, 16)); mask = torch.ones_like(ids)
    feeds = {i.name: {"input_ids": ids, "attention_mask": mask}[i.name].numpy() for i in sess.get_inputs()}
    got = sess.run(None, feeds)[0]
    with torch.no_grad(): want = AutoModel.from_pretrained(d)(input_ids=ids, attention_mask=mask).last_hidden_state.numpy()
    assert np.allclose(got, want, atol=1e-4)

def test_rerun_restores_missing_files_without_distilling(students):
    "A student whose pooling config or card went missing gets them back from the same command; it is not distilled again."
    import shutil
    d = students / KEY
    before = (d / "distil.json").stat().st_mtime_ns, (d / "model.safetensors").stat().st_mtime_ns
    shutil.rmtree(d / "1_Pooling"); (d / "README.md").unlink()
    from kdnas.deploy import load_sentence_student
    with pytest.raises(FileNotFoundError, match="lacks its pooling config"): load_sentence_student(d)
    kdnas("distil", "--preset", "smoke", "--state", KEY, "--onnx", "--out", students, "--quiet")
    assert (d / "1_Pooling" / "config.json").exists() and (d / "README.md").exists()
    assert ((d / "distil.json").stat().st_mtime_ns, (d / "model.safetensors").stat().st_mtime_ns) == before

def test_push_to_hub_offline_fails_before_any_work(tmp_path):
    "--push-to-hub without network: a one-line error within seconds, and no student folder is started."
    t0 = time.time()
    r = kdnas("distil", "--preset", "smoke", "--state", KEY, "--out", tmp_path / "s", "--push-to-hub", "me/kd-student", check=False)
    assert r.returncode == 2 and "HF_HUB_OFFLINE is set" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and time.time() - t0 < 30
    assert not (tmp_path / "s").exists()   # a malformed repo id: nbs/13b_deploy (check_push)

def test_onnx_export_failure_is_one_line_and_keeps_the_student(students, monkeypatch):
    "An exporter failure becomes an ExportError (a ValueError: one line on the command line) naming the saved student."
    import kdnas.latency
    from kdnas.deploy import ExportError
    from kdnas.run import Shipping
    from kdnas.settings import load_settings
    def boom(*a, **k): raise RuntimeError("ONNX export of BertModel failed: unsupported operator aten::foo")
    monkeypatch.setattr(kdnas.latency, "export_onnx", boom)
    d = students / KEY
    with pytest.raises(ExportError, match="unsupported operator.*the student in .* is saved; re-run to retry the export"):
        Shipping(load_settings("smoke"), onnx=True).export(d)
    assert (d / "model.safetensors").exists() and (d / "distil.json").exists()
