"""`kdnas eval` (XNLI, TyDi QA GoldP, CoNLL-2003, SQuAD v1.1) on fixture files the tests write: metrics against hand-computed
values, every reported score recomputed from the written predictions, and data that is neither local nor reachable
failing within seconds."""
import json, os, re, string, time
from collections import Counter
import pandas as pd, pytest
from conftest import squad_norm, squad_f1, kdnas
from kdnas.evaluation import (EVAL_TASKS, XNLI_LANGUAGES, accuracy_by_language, check_eval_data, ner_metric, normalize_answer,
                              qa_answers, squad_metric, write_eval_fixtures)
from kdnas.models import make_tiny_teacher

FAST = [f"--set=eval.{t}.{k}={v}" for t in EVAL_TASKS for k, v in (("max_steps", 2), ("batch_size", 4), ("max_length", 64))]

# ---- metrics, by hand ----
def test_squad_metric_by_hand():
    # a: exact after normalisation (article, punctuation); b: "in 1889" vs "1889": P 1/2, R 1 -> F1 2/3 (vs "march 1889": 1/2);
    # c: "paris france" vs "paris": F1 2/3; d: no prediction -> 0
    preds = {"a": "The Eiffel Tower!", "b": "in 1889", "c": "Paris France"}
    refs = {"a": ["Eiffel Tower"], "b": ["1889", "March 1889"], "c": ["Paris"], "d": ["x"]}
    m = squad_metric(preds, refs)
    assert m["exact_match"] == pytest.approx(100 * 1 / 4)
    assert m["f1"] == pytest.approx(100 * (1 + 2 / 3 + 2 / 3 + 0) / 4)
    assert normalize_answer("  A  tale of THE two-cities.") == "tale of twocities"

def test_ner_metric_by_hand():
    # 4 gold entities (ORG, PER, LOC, MISC over 2 tokens); the prediction cuts MISC short: 3 of 4 found, 3 of 4 predicted right
    gold = [["B-ORG", "I-ORG", "O", "B-PER"], ["B-LOC", "O", "B-MISC", "I-MISC"]]
    pred = [["B-ORG", "I-ORG", "O", "B-PER"], ["B-LOC", "O", "B-MISC", "O"]]
    assert ner_metric(pred, gold) == pytest.approx({"precision": 75.0, "recall": 75.0, "f1": 75.0, "accuracy": 87.5})
    assert ner_metric(gold, gold)["f1"] == 100.0

def test_xnli_accuracy_by_hand():
    rows = pd.DataFrame({"language": ["ar", "ar", "ar", "zh"], "prediction": [0, 1, 2, 1], "label": [0, 1, 0, 0]})
    assert accuracy_by_language(rows) == pytest.approx({"ar": 200 / 3, "zh": 0.0, "avg": 100 / 3})

def test_qa_postprocessing_by_hand():
    # one context, one window: tokens [CLS] One three; the best valid span is "three" (5 + 4), not [CLS] (9 + 9)
    assert qa_answers([[9.0, 1.0, 5.0]], [[9.0, 2.0, 4.0]], [0], [[None, (0, 3), (4, 9)]], ["One three"]) == ["three"]

# ---- the command on fixtures ----
@pytest.fixture(scope="module")
def fixtures(tmp_path_factory):
    d = tmp_path_factory.mktemp("eval")
    write_eval_fixtures(d / "data")
    return d, make_tiny_teacher(d / "tiny", "bert")

_norm, _f1 = squad_norm, squad_f1   # tests/conftest.py

def test_eval_all_four_tasks(fixtures, tmp_path):
    d, tiny = fixtures
    out = tmp_path / "out"
    t0 = time.time()
    r = kdnas("eval", "--model", tiny, "--tasks", "xnli,tydiqa,conll2003,squad", "--data", d / "data", "--seeds", "0",
              "--out", out, "--quiet", "--set=eval.doc_stride=16", *FAST)
    assert "XNLI" in r.stdout and "Avg" in r.stdout, r.stdout
    table = pd.read_csv(out / "eval_table.csv", index_col=0)
    assert list(table.columns) == ["XNLI", "TyDi", "CoNLL", "SQuAD", "Avg"], table
    ps = pd.read_csv(out / "eval_per_seed.csv")
    assert set(ps[ps.task == "xnli"].column) == set(XNLI_LANGUAGES)
    assert set(ps[ps.task == "tydiqa"].column) == {"arabic", "bengali", "english"}
    assert list(pd.read_csv(out / "xnli_table.csv", index_col=0).columns) == [*XNLI_LANGUAGES, "Avg"]
    # every score recomputed from the predictions with independent code
    x = pd.read_json(out / "seed0/xnli.jsonl", lines=True)
    for lang, g in x.groupby("language"):
        assert ps[(ps.task == "xnli") & (ps.column == lang)].accuracy.item() == pytest.approx(100 * (g.prediction == g.label).mean())
    assert table.loc["mean", "XNLI"] == pytest.approx(ps[ps.task == "xnli"].score.mean())
    for task, col in (("squad", "SQuAD"), ("tydiqa", None)):
        q = pd.read_json(out / f"seed0/{task}.jsonl", lines=True, dtype={"id": str})
        q["lang"] = q.id.str.split("-").str[0] if col is None else col
        for lang, g in q.groupby("lang"):
            row = ps[(ps.task == task) & (ps.column == lang)]
            em = 100 * sum(max(_norm(p) == _norm(a) for a in ans) for p, ans in zip(g.prediction, g.answers)) / len(g)
            f1 = 100 * sum(max(_f1(p, a) for a in ans) for p, ans in zip(g.prediction, g.answers)) / len(g)
            assert row.exact_match.item() == pytest.approx(em) and row.f1.item() == pytest.approx(f1)
    from seqeval.metrics import f1_score
    n = pd.read_json(out / "seed0/conll2003.jsonl", lines=True)
    assert len(n) == 8 and all(len(p) == len(l) for p, l in zip(n.prediction, n.label))
    assert ps[ps.task == "conll2003"].f1.item() == pytest.approx(100 * f1_score(list(n.label), list(n.prediction)))
    assert time.time() - t0 < 240

def test_eval_defaults_follow_v2_table5():
    "v2 Table 5: batch 32 everywhere; SQuAD 3e-5 x 6, CoNLL 5e-5 x 3, XNLI 2e-5 x 5, TyDi 1e-5 x 10."
    from kdnas.settings import load_settings
    e = load_settings("paper-v2").eval   # the paper preset: Table 5 as it is (smoke and quick shrink the runs)
    assert [(getattr(e, t).batch_size, getattr(e, t).lr, getattr(e, t).epochs) for t in ("squad", "conll2003", "xnli", "tydiqa")] == \
           [(32, 3e-5, 6.0), (32, 5e-5, 3.0), (32, 2e-5, 5.0), (32, 1e-5, 10.0)]

# ---- data neither local nor reachable ----
def test_missing_data_fails_fast(fixtures, tmp_path):
    d, tiny = fixtures
    t0 = time.time()
    r = kdnas("eval", "--model", tiny, "--tasks", "squad", check=False, timeout=120)         # HF_HUB_OFFLINE=1 (conftest)
    assert r.returncode == 2 and "squad plain_text/train from the hub (rajpurkar/squad): HF_HUB_OFFLINE" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    r = kdnas("eval", "--model", tiny, "--tasks", "xnli,squad", "--data", d / "data" / "xnli", check=False, timeout=120)
    assert r.returncode == 2 and "squad plain_text/train: no train files" in r.stderr, r.stderr   # before any training
    assert not (tmp_path / "out").exists()
    assert time.time() - t0 < 60, time.time() - t0

def test_unreachable_hub_fails_in_seconds(fixtures):
    "With the offline switches off and the hub unreachable (an endpoint that refuses connections), the 5 s probe says so."
    env = {**os.environ, "HF_HUB_OFFLINE": "0", "HF_DATASETS_OFFLINE": "0", "HF_ENDPOINT": "https://127.0.0.1:9"}
    t0 = time.time()
    with pytest.raises(ConnectionError, match="tydiqa secondary_task/train from the hub .*cannot be reached"):
        old = dict(os.environ)
        try:
            os.environ.update(env); check_eval_data(["tydiqa"])
        finally:
            os.environ.clear(); os.environ.update(old)
    assert time.time() - t0 < 10
