"The reproduction notebooks run under papermill on the smallest preset."
import json
from pathlib import Path
import pandas as pd
import pytest
import papermill as pm
from conftest import ROOT, full

def check_random_vs_nas(res:Path, col:str, paper:str):
    "The random_vs_nas results folder RES (2 seeds x 2 random states, 2 picks) has its table, claim, and figures."
    t = pd.read_csv(res / "random_vs_nas.csv")
    assert t.model.tolist() == ["RandomSeed1", "RandomSeed2", "KDNASArch1", "KDNASArch2"]
    assert {col, "CPU latency (ms)", "reward", "paper reward", f"paper {col}"} <= set(t.columns)
    assert t["paper reward"].notna().all()
    md = (res / "random_vs_nas.md").read_text()
    assert "What differs from the paper" in md and "KDNASArch1" in md and paper in md
    s = json.loads((res / "summary.json").read_text())
    assert {"quality", "kdnas_top3_mean_reward", "random_mean_reward_per_seed", "kdnas_beats_every_seed"} <= set(s)
    assert s["verdict"] in ("holds", "does not hold", "inconclusive at this scale") and s["claim"]
    assert (res / "rewards.png").stat().st_size > 1000 and (res / "latency_vs_quality.png").stat().st_size > 1000

@full
def test_random_vs_nas_notebook(tmp_path):
    "v1 Table 3 on smoke-v1 (v2 Table 3 on smoke runs in tests/test_reproduce.py, as the batch's first notebook)."
    res = tmp_path / "results"
    pm.execute_notebook(str(ROOT / "paper_repro/random_vs_nas.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
                        parameters={"preset": "smoke-v1", "out": str(tmp_path / "run"), "seeds": [1, 2], "k": 2, "results": str(res)},
                        cwd=str(ROOT), progress_bar=False)
    check_random_vs_nas(res, "accuracy", "v1 Table 3")

@full
def test_main_comparison_notebook(tmp_path):
    res = tmp_path / "results"
    pm.execute_notebook(str(ROOT / "paper_repro/main_comparison.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
                        parameters={"preset": "smoke-v1", "out": str(tmp_path / "run"), "results": str(res)},
                        cwd=str(ROOT), progress_bar=False)
    t = pd.read_csv(res / "main_comparison.csv")
    assert t.model.tolist() == ["Teacher", "6L-384H", "6L-768H", "KDNASArch1", "KDNASArch2", "Random1-1"]
    assert {"params (M)", "CPU (ms)", "GPU (ms)", "CPU speed-up", "RTE", "MRPC", "Avg", "Avg(-CoLA)", "paper v1 Avg"} <= set(t.columns)
    assert t["CPU speed-up"].iloc[0] == 1.0 and (t["CPU (ms)"] > 0).all()
    md = (res / "main_comparison.md").read_text()
    assert "What differs from the paper" in md and "KDNASArch1" in md
    assert (res / "glue_vs_latency.png").stat().st_size > 1000
    s = json.loads((res / "summary.json").read_text())
    assert {"best_kdnas", "best_kdnas_avg_minus_6L384H", "cpu_speedup", "kd_teacher_dev"} <= set(s)
