"""`kdnas eval --data shared:` on a few hundred real rows of the offline data folder (CoNLL-2003, XNLI, SQuAD): every
reported score recomputed here, independently, from the predictions the command writes and the gold read straight from
the parquet files; the offline stand-ins (MNLI subset for XNLI train, XNLI validation, halves of SQuAD validation)
recorded in every row and table; a split missing from both the folder and its stand-ins failing within seconds."""
import re, string, time
from collections import Counter
import numpy as np, pandas as pd, pytest
from conftest import tiny_model, squad_norm, squad_f1, kdnas

try:
    from kdnas.data import shared_data_dir
    SHARED = shared_data_dir()
except FileNotFoundError: SHARED = None
pytestmark = pytest.mark.skipif(SHARED is None or not (SHARED / "conll2003").is_dir(), reason="no ../shared/data here")

N_TRAIN, N_EVAL, N_XNLI = 200, 200, 20   # CoNLL: 200 train + 200 test sentences; XNLI: 200 MNLI pairs, 20 per language
SMOKE = [f"--set=eval.{t}.{k}={v}" for t in ("conll2003", "xnli", "squad")
         for k, v in (("max_steps", 4), ("batch_size", 16), ("max_length", 64))] + [
    f"--set=eval.conll2003.max_train_samples={N_TRAIN}", f"--set=eval.conll2003.max_eval_samples={N_EVAL}",
    f"--set=eval.xnli.max_train_samples={N_TRAIN}", f"--set=eval.xnli.max_eval_samples={N_XNLI}",
    "--set=eval.squad.max_train_samples=24", "--set=eval.squad.max_eval_samples=24", "--set=eval.squad.max_length=128",
    "--set=eval.doc_stride=32"]
QA_NOTE = "ours: split of validation, not comparable to the paper"

@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("eval_real")
    out = d / "out"
    t0 = time.time()
    r = kdnas("eval", "--model", tiny_model(d / "tiny"), "--tasks", "conll2003,xnli,squad", "--data", "shared:", "--seeds", "0",
              "--out", out, "--quiet", "--threads", "1", *SMOKE)
    return r, out, pd.read_csv(out / "eval_per_seed.csv"), time.time() - t0

def test_conll2003_entity_f1_recomputed_from_the_parquet(run):
    from seqeval.metrics import f1_score
    _, out, ps, _ = run
    gold = pd.read_parquet(SHARED / "conll2003/conll2003/test-00000-of-00001.parquet").set_index("id")
    names = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]   # the README's label ids
    p = pd.read_json(out / "seed0/conll2003.jsonl", lines=True, dtype={"id": str})
    assert len(p) == N_EVAL and p.id.is_unique
    ref = [[names[i] for i in gold.loc[i, "ner_tags"]] for i in p.id]
    assert [list(x) for x in p.label] == ref                    # the gold written is the parquet's
    assert all(len(x) == len(y) for x, y in zip(p.prediction, ref))
    row = ps[ps.task == "conll2003"].iloc[0]
    assert row.f1 == pytest.approx(100 * f1_score(ref, list(p.prediction)))
    assert (row.train, row.split) == ("conll2003/train", "conll2003/test") and pd.isna(row.note)   # the hub's own splits

def test_xnli_accuracy_per_language_recomputed(run):
    r, out, ps, _ = run
    x = ps[ps.task == "xnli"].set_index("column")
    p = pd.read_json(out / "seed0/xnli.jsonl", lines=True)
    langs = sorted(q.name for q in (SHARED / "xnli").iterdir())
    assert sorted(x.index) == langs == sorted(p.language.unique()) and len(langs) == 15
    for lang, g in p.groupby("language"):
        labels = pd.read_parquet(SHARED / f"xnli/{lang}/validation-00000-of-00001.parquet").label.to_numpy()
        rows = np.sort(np.random.default_rng(0).choice(len(labels), N_XNLI, replace=False))   # max_eval_samples: seeded subset
        assert g.label.tolist() == labels[rows].tolist()
        assert x.loc[lang, "accuracy"] == pytest.approx(100 * np.mean(g.prediction.to_numpy() == labels[rows]))
    assert set(x.train) == {"mnli_train_subset_unofficial/train"} and set(x.split) == {f"{l}/validation" for l in langs}
    assert x.note.str.contains("unofficial ~10% MNLI train subset").all() and x.note.str.endswith("not comparable to the paper").all()
    table = pd.read_csv(out / "eval_table.csv", index_col=0)
    assert float(table.loc["mean", "XNLI"]) == pytest.approx(x.score.mean())
    assert table.loc["note", "XNLI"] == x.note.iloc[0] and table.loc["note", "SQuAD"] == QA_NOTE and pd.isna(table.loc["note", "CoNLL"])
    xt = pd.read_csv(out / "xnli_table.csv", index_col=0)
    assert list(xt.columns[:15]) == ["ar", "bg", "de", "el", "en", "es", "fr", "hi", "ru", "sw", "th", "tr", "ur", "vi", "zh"]
    assert (xt.loc["note"].iloc[:15] == x.note.iloc[0]).all()
    assert f"XNLI: {x.note.iloc[0]}" in r.stdout and f"SQuAD: {QA_NOTE}" in r.stdout, r.stdout

_norm, _f1 = squad_norm, squad_f1   # tests/conftest.py

def test_squad_on_a_split_of_validation(run):
    _, out, ps, seconds = run
    val = pd.read_parquet(SHARED / "squad/plain_text/validation-00000-of-00001.parquet").set_index("id")
    q = pd.read_json(out / "seed0/squad.jsonl", lines=True, dtype={"id": str})
    assert len(q) == 24 and q.id.isin(val.index).all()
    answers = [list(val.loc[i, "answers"]["text"]) for i in q.id]
    assert [list(a) for a in q.answers] == answers
    row = ps[ps.task == "squad"].iloc[0]
    assert row.f1 == pytest.approx(100 * np.mean([max(_f1(p, a) for a in ans) for p, ans in zip(q.prediction, answers)]))
    assert row.exact_match == pytest.approx(100 * np.mean([max(_norm(p) == _norm(a) for a in ans) for p, ans in zip(q.prediction, answers)]))
    assert (row.train, row.split, row.note) == ("plain_text/validation (half 0)", "plain_text/validation (half 1)", QA_NOTE)
    assert seconds < 150, seconds

def test_missing_split_fails_fast(tmp_path):
    t0 = time.time()
    r = kdnas("eval", "--tasks", "conll2003,squad", "--data", tmp_path, check=False, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    err = " ".join(r.stderr.split())
    assert "conll2003 conll2003/train: no train files" in err and "eriktks/conll2003" in err, err
    (tmp_path / "conll2003").symlink_to(SHARED / "conll2003")
    r = kdnas("eval", "--tasks", "conll2003,squad", "--data", tmp_path, check=False, timeout=60)
    err = " ".join(r.stderr.split())
    assert r.returncode == 2 and "squad plain_text/train: no train files" in err and "rajpurkar/squad" in err, err
    assert "nor its offline stand-in plain_text/validation (half 0)" in err, err
    assert time.time() - t0 < 40, time.time() - t0
