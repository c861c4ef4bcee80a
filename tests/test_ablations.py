"""Checks of the ablation notebooks' smoke results. layer_mapping runs on `smoke` inside tests/test_reproduce.py
(the batch, killed mid-notebook and resumed), which calls `check_layer_mapping`."""
import json
from pathlib import Path
import pandas as pd

def check_layer_mapping(res:Path, nb):
    "The layer_mapping results folder RES and executed notebook NB (smoke): g(i) differs, every mapping scored, a verdict."
    t = pd.read_csv(res / "layer_mapping.csv")
    assert t.mapping.tolist() == ["Uniform+Last", "Uniform", "Last", "Last-1", "majority class"]
    assert t["g(i)"].iloc[:4].nunique() == 4, "the four mappings must differ for the chosen depths"
    assert t["g(i)"].iloc[:4].tolist() == ["1:{1,4} 2:{3,5} 3:{5,6}", "1:{1} 2:{3} 3:{5}", "1:{4} 2:{5} 3:{6}", "1:{} 2:{} 3:{6}"]
    assert {"held-out L_HS", "MRPC", "RTE", "Avg", "runs", "paper MRPC", "paper RTE", "paper Avg (our tasks)", "paper Avg."} <= set(t.columns)
    assert t["held-out L_HS"].iloc[:4].gt(0).all() and t["paper Avg."].iloc[:4].tolist() == ["76.7±0.6", "74.7±0.8", "74.7±1.0", "73.8±0.7"]
    assert t[["MRPC", "RTE", "Avg"]].notna().all().all()   # the majority-class floor is scored too
    s = json.loads((res / "summary.json").read_text())
    assert s["g"]["uniform+last"] == [[1, 4], [3, 5], [5, 6]] and s["g"]["last-1"] == [[], [], [6]]
    assert s["verdict"] in ("holds", "does not hold", "inconclusive at this scale")
    assert set(s["heldout_lhs"]) == {"uniform+last", "uniform", "last", "last-1"} and {"MRPC", "RTE", "Avg"} <= set(s["majority_class"])
    md = (res / "layer_mapping.md").read_text()
    assert "What differs from the paper" in md and "v2 Table 6" in md
    assert f"Uniform+Last is the best layer mapping -> **{s['verdict']}**" in md
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "student 3L-12A-384H-1536I-gelu (L_S = 3)" in printed and f"-> {s['verdict']} (" in printed
    assert pd.read_csv(res / "glue_per_seed.csv").mapping.nunique() == 4
    assert (res / "mappings.png").stat().st_size > 1000 and (res / "glue_by_mapping.png").stat().st_size > 1000
