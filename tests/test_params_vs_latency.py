"The params-vs-latency notebook (v1 Table 9, App. B) runs under papermill on the smallest presets of both pipelines."
import json
import pandas as pd
import papermill as pm
import pytest
from conftest import ROOT

@pytest.mark.parametrize("preset,quality,pkind", [("smoke", "distil_loss", "loss-params"), ("smoke-v1", "accuracy", "params")])
def test_params_vs_latency_notebook(tmp_path, preset, quality, pkind):
    res = tmp_path / "results"
    pm.execute_notebook(str(ROOT / "paper_repro/params_vs_latency.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
                        parameters={"preset": preset, "latency_run": str(tmp_path / "lat"), "params_run": str(tmp_path / "par"),
                                    "results": str(res)}, cwd=str(ROOT), progress_bar=False)
    t = pd.read_csv(res / "params_vs_latency.csv")
    assert t.model.tolist()[:2] == ["Teacher", "6L-384H"]
    assert any(m.startswith("NAS-LatencyArch") for m in t.model) and any(m.startswith("NAS-ParamsArch") for m in t.model)
    assert {"Params (M)", "CPU (ms)", quality, "latency reward", "params reward", "paper Params (M)", "paper CPU (ms)"} <= set(t.columns)
    assert t.set_index("model").loc["Teacher", "paper CPU (ms)"] == "217.69±2.98"
    c = pd.read_csv(tmp_path / "par" / "candidates.csv")
    lat = pd.read_csv(tmp_path / "lat" / "candidates.csv")
    reused = c[c.reused_from.notna()]
    assert len(reused) and set(reused.state) <= set(lat.state)          # the first episode's random states at least
    s = json.loads((res / "summary.json").read_text())
    assert s["params_reward"] == pkind and s["quality"] == quality
    assert s["params_search"]["rescored"] == len(reused[~reused.reused])
    assert s["verdict"] in ("holds", "does not hold", "inconclusive at this scale") and s["claim"].startswith("fewer parameters") and s["evidence"]
    assert -1 <= s["spearman"] <= 1 and s["states"] == len(pd.read_csv(res / "states.csv"))
    md = (res / "params_vs_latency.md").read_text()
    assert "What differs from the paper" in md and "v1 Table 9" in md and "Claim (v1 App. B, Table 9)" in md
    assert (res / "params_vs_latency.png").stat().st_size > 1000
