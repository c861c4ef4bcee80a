"The LSTM-controller-vs-Optuna notebook (student report Fig. 2) runs under papermill on the smoke preset."
import json
import pandas as pd
import papermill as pm
from conftest import ROOT

def test_lstm_vs_optuna_notebook(tmp_path):
    res = tmp_path / "results"
    pm.execute_notebook(str(ROOT / "paper_repro/lstm_vs_optuna.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
                        parameters={"preset": "smoke", "seeds": [1], "out": str(tmp_path / "runs"), "results": str(res)},
                        cwd=str(ROOT), progress_bar=False)
    runs = pd.read_csv(res / "runs.csv")
    assert runs.strategy.tolist() == ["lstm", "tpe", "random"] and (runs.candidates == 6).all() and runs["best reward"].notna().all()
    c = pd.read_csv(tmp_path / "runs" / "tpe-seed1" / "candidates.csv")
    assert set(c.origin) == {"tpe"} and len(c) == 6
    md = (res / "lstm_vs_optuna.md").read_text()
    assert "report Sec. 3.2" in md and "What differs from the report" in md and "Claim (report Sec. 3.2)" in md
    assert json.loads((res / "verdict.json").read_text())["verdict"] in ("holds", "holds in part", "does not hold")
    assert (res / "best_reward.png").stat().st_size > 1000
