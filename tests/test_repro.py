"The reproduction notebooks run under papermill on the smallest preset."
import json
from pathlib import Path
import pandas as pd
import papermill as pm
from conftest import ROOT

def test_random_vs_nas_notebook(tmp_path):
    res = tmp_path / "results"
    pm.execute_notebook(str(ROOT / "paper_repro/random_vs_nas.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
                        parameters={"preset": "smoke", "out": str(tmp_path / "run"), "seeds": [1, 2], "k": 2, "results": str(res)},
                        cwd=str(ROOT), progress_bar=False)
    t = pd.read_csv(res / "random_vs_nas.csv")
    assert t.model.tolist() == ["RandomSeed1", "RandomSeed2", "KDNASArch1", "KDNASArch2"]
    assert {"loss", "CPU latency (ms)", "reward", "paper reward"} <= set(t.columns)
    md = (res / "random_vs_nas.md").read_text()
    assert "What differs from the paper" in md and "KDNASArch1" in md
    s = json.loads((res / "summary.json").read_text())
    assert set(s) == {"kdnas_top3_mean_reward", "random_mean_reward_per_seed", "kdnas_beats_every_seed"}
    assert (res / "rewards.png").stat().st_size > 1000 and (res / "latency_vs_loss.png").stat().st_size > 1000
