"The pretraining ablation (v1 App. A: Tables 7-8, Figs. 3-4) runs under papermill on the smallest task-specific preset."
import json
import pandas as pd
import papermill as pm
import pytest
from conftest import ROOT, full

NB = str(ROOT / "paper_repro/pretraining_ablation.ipynb")

# one torch thread: these tiny models gain nothing from more, and on a busy machine two threads wait on each other (10x slower)
PARAMS = {"preset": "smoke-v1", "threads": 1}
csv = lambda f: pd.read_csv(f, keep_default_na=False, na_values=[""])   # "None" is Table 8's label (no pretraining, no KD)

@full
def test_pretraining_ablation_notebook(tmp_path):
    res = tmp_path / "results"
    params = {**PARAMS, "search": str(tmp_path / "no-search"), "out": str(tmp_path / "run"), "results": str(res)}
    nb = pm.execute_notebook(NB, str(tmp_path / "out.ipynb"), kernel_name="python3", parameters=params, cwd=str(ROOT), progress_bar=False)
    pre = pd.read_csv(res / "pretraining.csv")
    assert pre["Pretrain Steps"].tolist() == [2, 2, 4]          # Table 8's 220K/400K steps, scaled from smoke-v1's 4
    assert pre.paragraphs.tolist() == [8, 56, 56]               # 1/27 of the text (at least a batch) vs all of it, 8 held out
    t8 = csv(res / "table8.csv")
    assert t8["KD Data"].iloc[:-1].tolist() == ["None", "MNLI"] * 4 and t8.model.iloc[-1] == "majority class"
    assert t8["Pretrain Data"].iloc[0] == "None" and t8["Pretrain Data"].iloc[2].startswith("Wiki ")
    assert t8[["MRPC", "RTE", "Avg"]].notna().all().all()
    assert t8["paper Avg."].iloc[:8].tolist() == [52.5, 69.9, 68.5, 69.7, 70.3, 70.7, 70.0, 71.1]
    t7 = csv(res / "table7.csv")
    assert t7["Pretrain Data"].iloc[0] == "None" and t7["Pretrain Data"].iloc[1] == t8["Pretrain Data"].iloc[6]
    assert t7["paper Arch3 Avg."].iloc[:2].tolist() == ["70.5±0.5", "71.1±0.4"] and t7["paper Arch2 Avg."].iloc[0] == "73.5±0.6"
    st = pd.read_csv(res / "students.csv")
    assert st.init.tolist() == ["random", "pt0", "pt1", "pt2"] and st.init_path.isna().tolist() == [True, False, False, False]
    assert (st.steps > 0).all() and st.loss_representation.gt(0).all()
    s = json.loads((res / "summary.json").read_text())
    assert s["student"] == "3L-4A-192H-576I-gelu" and s["student_origin"].startswith("fixed")
    assert len(s["claims"]) == 5 and all(c["verdict"] in ("holds", "does not hold", "inconclusive at this scale") for c in s["claims"])
    assert all(c["evidence"] for c in s["claims"]) and {"MRPC", "RTE", "Avg"} <= set(s["majority_class"])
    assert s["claims"][0]["verdict"] == "inconclusive at this scale"   # one GLUE seed: no spread, nothing is significant
    md = (res / "pretraining_ablation.md").read_text()
    assert "What differs from the paper" in md and "SNLI is not offline" in md
    assert all(f"{c['claim']} -> **{c['verdict']}**" in md for c in s["claims"])
    for f in ("fig3_stage1_loss.png", "fig4_stage2_loss.png", "table8_glue.png"): assert (res / f).stat().st_size > 1000
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "student 3L-4A-192H-576I-gelu: fixed" in printed
    # a rerun reuses every pretrained and distilled student and every GLUE score
    done = {f: f.stat().st_mtime for n in ("pretrain.json", "distil.json", "glue_per_seed.csv") for f in (tmp_path / "run").rglob(n)}
    assert len(done) == 3 + 4 + 8
    pm.execute_notebook(NB, str(tmp_path / "out2.ipynb"), kernel_name="python3", parameters=params, cwd=str(ROOT), progress_bar=False)
    s2 = json.loads((res / "summary.json").read_text())
    assert s2["avg"] == s["avg"] and {f: f.stat().st_mtime for f in done} == done

def test_pretraining_ablation_refuses_v2(tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="Tables 7-8 and Figs. 3-4 are a v1 ablation"):
        pm.execute_notebook(NB, str(tmp_path / "out.ipynb"), kernel_name="python3",
                            parameters={"preset": "smoke", "out": str(tmp_path / "run"), "results": str(tmp_path / "res")},
                            cwd=str(ROOT), progress_bar=False)
