"The task-agnostic main comparison notebook (v2 Table 4, Fig. 1) runs under papermill on the smallest preset."
import json
import pandas as pd
import papermill as pm
from conftest import ROOT

def test_main_comparison_v2_notebook(tmp_path):
    res = tmp_path / "results"
    nb = pm.execute_notebook(str(ROOT / "paper_repro/main_comparison_v2.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
                             parameters={"preset": "smoke", "search": str(tmp_path / "search"), "out": str(tmp_path / "run"),
                                         "results": str(res), "random_seeds": [1],
                                         "open_source": {"MiniLM-L6 as is": "none"}},   # the hub-only DistilBERT row's code path
                             cwd=str(ROOT), progress_bar=False, start_timeout=300)
    t = pd.read_csv(res / "main_comparison_v2.csv")
    assert t.model.tolist() == ["Teacher", "MiniLM-L6 as is", "6L-384H", "6L-768H", "KDNASArch1", "KDNASArch2",
                                "Random1-1", "Random1-2", "majority class"]
    assert {"params (M)", "CPU (ms)", "CPU std", "CPU speed-up", "held-out L_HS", "RTE", "MRPC", "Avg(-CoLA)",
            "paper v2 GLUE", "paper v2 CPU (ms)", "paper v2 GLUE (our tasks)"} <= set(t.columns)
    models = t[t.model != "majority class"]
    assert (models["CPU (ms)"] > 0).all() and models[["RTE", "MRPC", "Avg(-CoLA)"]].notna().all().all()
    assert t.set_index("model").loc["6L-384H", "paper v2 GLUE"] == 78.7
    assert t.set_index("model").loc["6L-768H", "params (M)"] > t.set_index("model").loc["6L-384H", "params (M)"]
    students = models[models.model.str.match(r"6L|KDNAS|Random")]
    assert students["held-out L_HS"].gt(0).all()
    lat = pd.read_csv(res / "latency.csv")
    assert lat.lookup_ms.notna().sum() == len(lat) - 1   # every model but the open-source one is in the lookup table
    s = json.loads((res / "summary.json").read_text())
    assert [c["id"] for c in s["claims"]] == ["A", "B", "C"]
    assert all(c["verdict"] in ("holds", "does not hold", "inconclusive at this scale") for c in s["claims"])
    assert s["verdict"] == s["claims"][0]["verdict"] and set(s["picks"]) == {"KDNASArch1", "KDNASArch2"}
    md = (res / "main_comparison_v2.md").read_text()
    assert "What differs from the paper" in md and "v2 Table 4" in md
    assert f"the best KD-NAS pick matches or beats 6L-384H on GLUE while being faster on CPU (v2 Sec. 4.2, Table 4, Fig. 1)) -> **{s['verdict']}**" in md
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "Claim B (every KD-NAS pick is much faster than 6L-768H" in printed
    assert (res / "glue_vs_latency.png").stat().st_size > 1000
