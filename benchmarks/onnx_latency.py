"""PyTorch or ONNX Runtime: the same students timed in both runtimes, interleaved in one round-robin, under the quick
preset's latency protocol; how alike the two orders are; and whether a finished search's top-3 changes when its
latency table is timed in ONNX Runtime (issue 22, item 3; the latency notebook shows the same figures).

    HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 .venv/bin/python benchmarks/onnx_latency.py \
        [--states 24] [--threads 1] [--seq-len 128] [--run benchmarks/data/quick-run]

`--states`: the calibration sample of a table predicting from that many states (24: the quick table's own), timed
in one round-robin; each runtime's predictor is fitted on it. `--run`: a search folder with candidates.csv, top.csv and config.json (`kdnas search`'s output).
The rescoring keeps the search's choices fixed: a search run on ONNX Runtime latencies could have proposed other
states. Prints figures; asserts nothing. Timings depend on the load: the load average is printed before and after.
"""
import argparse, dataclasses, json, os, time
from pathlib import Path
import pandas as pd
from kdnas.settings import load_settings, RewardConfig
from kdnas.run import build_space
from kdnas.models import load_teacher
from kdnas.space import State
from kdnas.latency import LatencyTable, compare_runtimes, runtime_agreement, runtime_tables, rescore, top_states, rank_agreement

ap = argparse.ArgumentParser()
ap.add_argument("--preset", default="quick"); ap.add_argument("--states", type=int, default=24)
ap.add_argument("--threads", type=int, default=1); ap.add_argument("--seq-len", type=int, default=128)
ap.add_argument("--run", type=Path, default=Path(__file__).parent / "data" / "quick-run")
a = ap.parse_args()
s = load_settings(a.preset)
teacher = load_teacher(s.teacher.source)
space = build_space(s, teacher)
protocol = dataclasses.replace(s.latency, num_threads=a.threads, seq_len=a.seq_len, interleave=a.states, predict=a.states)
states = LatencyTable(protocol, Path("/nonexistent/unused.json"), space).calibration_states()   # quick: its table's 24
print(f"preset {a.preset}: {len(states)} states; protocol {protocol}")
print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

t0 = time.time()
cmp = compare_runtimes(teacher.config, states, protocol)
print(f"\ntimed in {time.time() - t0:.0f} s (both runtimes interleaved; most of it is ONNX export)")
with pd.option_context("display.width", 200, "display.max_rows", 200):
    print(cmp.sort_values("torch_ms").round(3).to_string(index=False))
ag = runtime_agreement(cmp)
print("\nORT vs torch over the states: " + ", ".join(f"{k} {v:.3g}" for k, v in ag.items()))

if (a.run / "candidates.csv").exists():
    cfg, cands = json.loads((a.run / "config.json").read_text()), pd.read_csv(a.run / "candidates.csv")
    T, rw = State.from_key(cfg["teacher"]["state"]), RewardConfig(**cfg["settings"]["reward"])
    tabs = runtime_tables(cmp, teacher.config, protocol, space)
    scored = {k: rescore(cands, t, teacher.config, T, cfg["teacher"]["params"], rw) for k, t in tabs.items()}
    ok = cands.reward.notna() & ~cands.state.duplicated()   # each rewarded state once
    print(f"\nsearch {a.run}: {len(cands)} candidates, {ok.sum()} rewarded states; teacher latency (predicted): "
          f"search's table {cfg['teacher']['latency_ms']:.1f} ms, torch {tabs['torch'].ms(teacher.config, T):.1f} ms, "
          f"ORT {tabs['onnxruntime'].ms(teacher.config, T):.1f} ms")
    print("rewards torch vs ORT: " + ", ".join(f"{k} {v:.3f}" for k, v in
                                                rank_agreement(scored["torch"].reward[ok], scored["onnxruntime"].reward[ok]).items()))
    named = lambda c: [f"{x} ({c[c.state == x].reward.iloc[0]:.4f})" for x in top_states(c, 5)]   # state (reward)
    tops = {"search (its table)": named(cands), **{f"{k} (this run)": named(v) for k, v in scored.items()}}
    print(pd.DataFrame(tops, index=["1st", "2nd", "3rd", "4th", "5th"][:len(tops["search (its table)"])]).to_string())
    print("top-3 " + ("unchanged" if top_states(scored["torch"]) == top_states(scored["onnxruntime"]) else "CHANGES")
          + " between torch and ORT latencies (same run); as a set: "
          + ("same" if set(top_states(scored["torch"])) == set(top_states(scored["onnxruntime"])) else "different"))
print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
