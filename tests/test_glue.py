"GLUE harness: parquet vs TSV rows, metrics vs scikit-learn/SciPy, hub path on fixtures, tiny end-to-end runs, prediction files."
import os
for _k in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_EVALUATE_OFFLINE"): os.environ.setdefault(_k, "1")
import dataclasses, inspect, time
from pathlib import Path
import numpy as np, pandas as pd, pytest, torch
import datasets, evaluate
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef
import kdnas.glue as glue, kdnas.mirror
from kdnas.data import shared_data_dir
from kdnas.glue import (GLUE_TASKS, finetune_glue, glue_task, load_glue, predict, run_glue, write_glue_fixtures,
                        write_predictions)
from kdnas.glue_metric import GLUE_METRICS, glue_metric, metric_path
from kdnas.models import make_tiny_teacher
from kdnas.settings import FinetuneConfig, GlueConfig

torch.set_num_threads(1)
datasets.disable_progress_bars()

try: SHARED = shared_data_dir()
except FileNotFoundError: SHARED = None
needs_shared = pytest.mark.skipif(SHARED is None, reason="offline data folder (../shared/data) not found")

def _both():
    "Every (task, split) present in both the parquet mirror and the TSV layout of the offline data."
    if SHARED is None: return []
    return [(t.name, s) for t in GLUE_TASKS.values() for s in t.splits
            if list((SHARED/"glue"/t.name).glob(f"{s}-*.parquet")) and (SHARED/"glue_tsv"/t.tsv_dir/t.tsv_file(s)).is_file()]

# ---- metrics ----
rng = np.random.default_rng(1)
Y, YHAT = rng.integers(0, 2, 300), rng.integers(0, 2, 300)
Y3, YHAT3 = rng.integers(0, 3, 300), rng.integers(0, 3, 300)
S, SHAT = rng.uniform(0, 5, 300), rng.uniform(0, 5, 300)
EXPECTED = {
    "matthews_correlation": lambda p, r: matthews_corrcoef(r, p), "accuracy": lambda p, r: accuracy_score(r, p),
    "f1": lambda p, r: f1_score(r, p), "pearson": lambda p, r: pearsonr(p, r).statistic,
    "spearmanr": lambda p, r: spearmanr(p, r).statistic}

def _inputs(task):
    return (SHAT, S) if task == "stsb" else (YHAT3, Y3) if task.startswith("mnli") else (YHAT, Y)

@pytest.mark.parametrize("task", list(GLUE_METRICS))
def test_metric_matches_sklearn_scipy(task):
    p, r = _inputs(task)
    got = glue_metric(task, p, r)
    assert list(got) == list(GLUE_METRICS[task])
    for k, v in got.items(): assert v == pytest.approx(EXPECTED[k](p, r), abs=1e-12)

@pytest.mark.parametrize("task", ["cola", "mrpc", "stsb", "mnli_matched"])
def test_evaluate_load_local_module_offline(task):
    p, r = _inputs(task)
    got = evaluate.load(metric_path(), task).compute(predictions=p, references=r)
    for k, v in glue_metric(task, p, r).items(): assert got[k] == pytest.approx(v, abs=1e-6)

def test_metric_errors():
    with pytest.raises(KeyError, match="unknown GLUE task"): glue_metric("squad", [0], [0])
    with pytest.raises(ValueError, match="same length"): glue_metric("rte", [0, 1], [0])

# ---- data ----
@needs_shared
def test_tasks_present_in_both_layouts():
    assert {"cola", "mrpc", "rte", "sst2"} <= {t for t, _ in _both()}   # a `kdnas data` mirror also has WNLI's parquet

@needs_shared
@pytest.mark.parametrize("task,split", _both())
def test_parquet_and_tsv_give_identical_rows(task, split):
    x, y = load_glue(task, split, SHARED/"glue"), load_glue(task, split, SHARED/"glue_tsv")
    assert x.features == y.features == GLUE_TASKS[task].features
    dx, dy = x.to_pandas(), y.to_pandas()
    if (task, split) == ("mrpc", "test"):  # GLUE's TSV has no MRPC test labels; the hub took them from the MSR release
        assert set(dy.label) == {-1}
        dx, dy = dx.drop(columns="label"), dy.drop(columns="label")
    pd.testing.assert_frame_equal(dx, dy)

def test_fixture_layouts_give_the_rows_written(tmp_path):
    for (task, split), rows in write_glue_fixtures(tmp_path).items():
        for layout in ("parquet", "tsv"):
            ds = load_glue(task, split, tmp_path/layout)
            assert ds.features == glue_task(task).features
            assert ds.to_list() == rows, (task, split, layout)

def test_hub_path_on_fixtures(tmp_path, monkeypatch):
    fixtures, real_load, calls = write_glue_fixtures(tmp_path), datasets.load_dataset, []
    def fake_load(path, name=None, split=None, **kw):
        if path != glue.HUB_GLUE: return real_load(path, name, split=split, **kw)
        calls.append((path, name, split))
        return real_load("parquet", data_files={split: str(tmp_path/"parquet"/name/f"{split}-00000-of-00001.parquet")}, split=split)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0"); monkeypatch.setenv("HF_DATASETS_OFFLINE", "0")
    monkeypatch.setattr(datasets, "load_dataset", fake_load)
    monkeypatch.setattr(kdnas.mirror, "hub_reachable", lambda *a, **k: True)
    for (task, split), rows in fixtures.items(): assert load_glue(task, split).to_list() == rows
    assert {c[1] for c in calls} == {"stsb", "qnli", "qqp", "mnli", "wnli", "ax"} and calls[0] == ("nyu-mll/glue", "stsb", "train")

def test_hub_fails_fast_offline(monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    t0 = time.time()
    with pytest.raises(ConnectionError, match="GLUE qnli train from the hub.*HF_HUB_OFFLINE"): load_glue("qnli", "train")
    assert time.time() - t0 < 5, time.time() - t0   # "within seconds"; it takes well under 1 s on a quiet machine

def test_missing_data_errors_name_task_split_path(tmp_path):
    (tmp_path/"RTE").mkdir(); (tmp_path/"stsb").mkdir()
    with pytest.raises(FileNotFoundError, match=f"GLUE rte train: no file {tmp_path}/RTE/train.tsv"): load_glue("rte", "train", tmp_path)
    with pytest.raises(FileNotFoundError, match=f"GLUE stsb validation: no {tmp_path}/stsb/validation-"): load_glue("stsb", "validation", tmp_path)
    with pytest.raises(FileNotFoundError, match="GLUE cola train: .* has neither"): load_glue("cola", "train", tmp_path)
    with pytest.raises(KeyError, match="no split 'validation_matched'"): load_glue("rte", "validation_matched", tmp_path)

# ---- end to end ----
@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return make_tiny_teacher(tmp_path_factory.mktemp("tiny")/"bert", "bert")

@needs_shared
def test_finetune_tiny_on_sst2(tiny):
    r = finetune_glue(tiny, "sst2", SHARED/"glue", FinetuneConfig(max_train_samples=320, max_eval_samples=200, epochs=1,
                      max_length=64, lr=1e-3), progress=False)
    assert list(r) == ["SST-2"] and 0 <= r["SST-2"]["accuracy"] <= 1

@needs_shared
def test_run_glue_tiny_table(tiny, tmp_path):
    write_glue_fixtures(tmp_path)
    data = {"*": tmp_path/"tsv"}
    tab = run_glue(tiny, "stsb,mnli", data, seeds=(0, 1), out=tmp_path/"runs", max_steps=2, progress=False)
    assert list(tab.columns) == ["STS-B", "MNLI-m", "MNLI-mm", "Avg", "Avg(-CoLA)"] and list(tab.index) == ["mean", "std"]
    assert tab.loc["mean"].between(-100, 100).all()
    per_seed = pd.read_csv(tmp_path/"runs/glue_per_seed.csv")
    assert len(per_seed) == 6 and {"pearson", "spearmanr", "accuracy", "score", "seed"} <= set(per_seed.columns)
    rte = run_glue(tiny, ["rte"], SHARED/"glue_tsv", max_train_samples=64, max_eval_samples=64, max_steps=2, progress=False)
    assert 0 <= rte.loc["mean", "RTE"] <= 100

# ---- settings, predictions and the files of run_glue.py ----
def test_settings_are_finetune_glue_recipe_and_run_glue_keywords():
    s = GlueConfig()
    assert (s.batch_size, s.lr, s.epochs, s.max_length) == (32, 2e-5, None, 128)  # v2 App. B (128 tokens: run_glue.py's)
    assert "FinetuneConfig" in str(inspect.signature(finetune_glue).parameters["hp"].annotation)   # the recipe as one object
    own = set(dataclasses.asdict(s)) - set(dataclasses.asdict(FinetuneConfig()))   # tasks, data, seeds, predictions
    assert own <= set(inspect.signature(run_glue).parameters)

def test_submission_names():
    assert {s: f for t in GLUE_TASKS.values() for s, f in t.submission.items() if t.name == "mnli"} == \
        {"test_matched": "MNLI-m.tsv", "test_mismatched": "MNLI-mm.tsv"}
    names = sorted(f for t in [*GLUE_TASKS.values(), glue_task("ax")] for f in t.submission.values())
    assert names == sorted(["CoLA.tsv", "SST-2.tsv", "MRPC.tsv", "STS-B.tsv", "QQP.tsv", "MNLI-m.tsv", "MNLI-mm.tsv",
                            "QNLI.tsv", "RTE.tsv", "WNLI.tsv", "AX.tsv"])

def test_write_predictions_server_format(tmp_path):
    lines = lambda f: f.read_text().splitlines()
    assert lines(write_predictions(tmp_path/"QNLI.tsv", GLUE_TASKS["qnli"], [0, 1], [1, 0])) == \
        ["index\tprediction", "0\tnot_entailment", "1\tentailment"]
    assert lines(write_predictions(tmp_path/"MNLI-m.tsv", GLUE_TASKS["mnli"], [0, 1, 2], [2, 1, 0])) == \
        ["index\tprediction", "0\tcontradiction", "1\tneutral", "2\tentailment"]
    assert lines(write_predictions(tmp_path/"QQP.tsv", GLUE_TASKS["qqp"], [5], np.array([1]), labels=[0])) == \
        ["index\tprediction\tlabel", "5\t1\t0"]
    assert lines(write_predictions(tmp_path/"STS-B.tsv", GLUE_TASKS["stsb"], [0, 1, 2], [-0.3, 2.3456, 7.0])) == \
        ["index\tprediction", "0\t0.000", "1\t2.346", "2\t5.000"]

def test_predict_order_and_batching(tiny, tmp_path):
    write_glue_fixtures(tmp_path)
    t, dev = GLUE_TASKS["stsb"], load_glue("stsb", "validation", tmp_path/"parquet")
    tok = glue.AutoTokenizer.from_pretrained(tiny)
    m = glue._load_model(str(tiny), t, "cpu").eval()
    with torch.no_grad(): one = np.array([m(**tok(r["sentence1"], r["sentence2"], return_tensors="pt")).logits[0, 0].item() for r in dev])
    for bs in (1, 3, 128): np.testing.assert_allclose(predict(m, tok, dev, t, 128, batch_size=bs), one, atol=1e-5)

def _read(f): return pd.read_csv(f, sep="\t", keep_default_na=False)

def test_run_glue_writes_predictions(tiny, tmp_path):
    rows = write_glue_fixtures(tmp_path, n=16)
    run_glue(tiny, "stsb,qnli,qqp,mnli,wnli", tmp_path/"parquet", seeds=(3,), out=tmp_path/"runs", max_steps=1, progress=False)
    seed = tmp_path/"runs"/"seed3"
    dev = {"STS-B": "stsb", "QNLI": "qnli", "QQP": "qqp", "MNLI-m": "mnli", "MNLI-mm": "mnli", "WNLI": "wnli"}
    assert sorted(f.name for f in (seed/"dev_predictions").iterdir()) == sorted(f"{c}.tsv" for c in dev)
    assert sorted(f.name for f in (seed/"submission").iterdir()) == sorted(f"{c}.tsv" for c in [*dev, "AX"])
    for col, task in dev.items():
        t = GLUE_TASKS[task]
        d = _read(seed/"dev_predictions"/f"{col}.tsv")
        split = next(s for s, c in t.eval_splits.items() if c == col)
        assert list(d.columns) == ["index", "prediction", "label"] and len(d) == len(rows[(task, split)]) == 8
        assert list(d["index"]) == [r["idx"] for r in rows[(task, split)]]
        sub = _read(seed/"submission"/f"{col}.tsv")
        assert list(sub.columns) == ["index", "prediction"] and list(sub["index"]) == list(range(8))
        if t.label_names is None: assert sub.prediction.between(0, 5).all() and d.label.between(0, 5).all()
        elif t.submit_label_names: assert set(sub.prediction) <= set(t.label_names) and set(d.label) <= set(t.label_names)
        else: assert set(sub.prediction) <= {0, 1} and set(d.label) <= {0, 1}
    ax = _read(seed/"submission"/"AX.tsv")
    assert list(ax.columns) == ["index", "prediction"] and len(ax) == 8 and set(ax.prediction) <= set(GLUE_TASKS["mnli"].label_names)
    assert len(pd.read_csv(tmp_path/"runs"/"glue_per_seed.csv")) == 6

def test_predictions_switches(tiny, tmp_path):
    write_glue_fixtures(tmp_path)
    finetune_glue(tiny, "wnli", tmp_path/"tsv", FinetuneConfig(max_steps=1), progress=False, predictions=tmp_path/"a", do_predict=False)
    assert (tmp_path/"a/dev_predictions/WNLI.tsv").exists() and not (tmp_path/"a/submission").exists()
    finetune_glue(tiny, "wnli", tmp_path/"tsv", FinetuneConfig(max_steps=1), progress=False, predictions=tmp_path/"b", max_predict_samples=3)
    assert len(_read(tmp_path/"b/submission/WNLI.tsv")) == 3
    (tmp_path/"tsv/WNLI/test.tsv").unlink()   # a source without the test split: a warning, no file
    with pytest.warns(UserWarning, match="no WNLI.tsv"):
        finetune_glue(tiny, "wnli", tmp_path/"tsv", FinetuneConfig(max_steps=1), progress=False, predictions=tmp_path/"c")
    assert not (tmp_path/"c/submission/WNLI.tsv").exists()

@needs_shared
def test_run_glue_offline_sst2_submission(tiny, tmp_path):
    run_glue(tiny, "sst2", "shared:glue", out=tmp_path, max_train_samples=64, max_eval_samples=50, max_steps=1,
             max_length=32, progress=False)
    sub, dev = _read(tmp_path/"seed0/submission/SST-2.tsv"), _read(tmp_path/"seed0/dev_predictions/SST-2.tsv")
    assert len(sub) == 1821 and list(sub["index"]) == list(range(1821)) and set(sub.prediction) <= {0, 1}
    assert len(dev) == 50 and list(dev.columns) == ["index", "prediction", "label"]
