"""The MiniLMv2 vs hidden-state notebook (v2 Table 9) runs under papermill on the smallest preset, with v2's other
columns on real rows of ../shared/data (`eval_data="shared:"`; CoNLL-2003 only, to keep it short: XNLI's path is
main_comparison_v2's and `kdnas eval`'s in test_commands)."""
import json
import pandas as pd
import papermill as pm
from conftest import ROOT

def test_minilmv2_notebook(tmp_path):
    res = tmp_path / "results"
    nb = pm.execute_notebook(str(ROOT / "paper_repro/minilmv2.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
                             parameters={"preset": "smoke", "out": str(tmp_path / "run"), "results": str(res),
                                         "eval_data": "shared:", "eval_tasks": ["conll2003"]},
                             cwd=str(ROOT), progress_bar=False)
    t = pd.read_csv(res / "minilmv2.csv")
    floor = "undistilled 6L-2A-384H-384I-relu"
    assert t.objective.tolist() == ["HS Transfer", "MiniLM", "Teacher", floor, "majority class"]
    assert t.set_index("objective").loc[["HS Transfer", "MiniLM", "Teacher", floor], "CoNLL"].between(0, 100).all()
    assert {"MRPC", "RTE", "Avg", "paper GLUE", "paper SQuAD", "paper XNLI"} <= set(t.columns)
    assert t["paper GLUE"].iloc[:2].tolist() == ["79.5±0.6", "80.7±0.9"]
    assert t["held-out loss (own objective)"].iloc[:2].gt(0).all() and t[["MRPC", "RTE", "Avg"]].iloc[[0, 1, 4]].notna().all().all()
    assert t[["MRPC", "RTE", "Avg"]].iloc[2:4].isna().all().all()   # the teacher and the floor: eval columns only
    s = json.loads((res / "summary.json").read_text())
    assert s["verdict"] in ("holds", "does not hold", "inconclusive at this scale")
    assert set(s["eval"]) == {"HS Transfer", "MiniLM", "Teacher", floor} and set(s["eval_calibration"]) == {"CoNLL"}
    cal = s["eval_calibration"]["CoNLL"]
    assert cal["counts"] == (cal["gap"] >= 10) and cal["teacher"] == s["eval"]["Teacher"]["CoNLL"]
    assert (s["relation_layer"], s["relation_heads"]) == (5, 48)            # the second-last of the teacher's 6 layers
    md = (res / "minilmv2.md").read_text()
    assert "What differs from the paper" in md and f"MiniLMv2 relations distil better than hidden states -> **{s['verdict']}**" in md
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "MiniLMv2 distils teacher layer 5 of 6 into student layer 6, 48 relation heads" in printed
    assert (res / "minilmv2.png").stat().st_size > 1000
