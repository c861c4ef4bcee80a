"""Seconds per mini-KD candidate with and without the reused teacher states, and the controller's cost per episode.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/proxy_speed.py [--preset quick] [--states 3] [--threads 2]

Prints figures; asserts nothing. The teacher states are computed once per search (05_proxy); without them every
optimiser step of every candidate also runs the teacher.
"""
import argparse, time, statistics
import torch
from kdnas.run import get_preset, build_space
from kdnas.models import load_teacher
from kdnas.data import load_texts, resolve_data_path
from kdnas.proxy import MiniKD, ProxyConfig
from kdnas.space import SearchSpace
from kdnas.controller import FeedbackController, ControllerConfig, fit_controller

ap = argparse.ArgumentParser()
ap.add_argument("--preset", default="quick"); ap.add_argument("--states", type=int, default=3)
ap.add_argument("--threads", type=int, default=2); ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()
torch.set_num_threads(a.threads)
s = get_preset(a.preset)
teacher = load_teacher(s["teacher"])
texts = load_texts(resolve_data_path(s["data"]), s["max_texts"], text_column=s.get("text_column"))
space = build_space(s, teacher)
states = space.sample(a.states, a.seed)
print(f"preset {a.preset}: {len(texts)} paragraphs, proxy {s['proxy']}, {a.threads} threads")

t0 = time.time(); cached = MiniKD(teacher, texts, ProxyConfig(**s["proxy"]))
setup = time.time() - t0
live = MiniKD(teacher, texts, ProxyConfig(**{**s["proxy"], "memory_budget_mb": 0}))
print(f"teacher states: {cached.train_states.nbytes / 2**20:.0f} MB for {len(cached.train)} proxy paragraphs, "
      f"computed once in {cached.train_states.seconds:.1f} s (MiniKD setup {setup:.1f} s)")
rows = []
for st in states:
    a_ = cached.evaluate(st)["seconds"]; b_ = live.evaluate(st)["seconds"]
    rows.append((a_, b_)); print(f"  {st.key:26s} reused teacher states {a_:6.1f} s | teacher re-run per step {b_:6.1f} s | x{b_ / a_:.2f}")
ma, mb = statistics.fmean(r[0] for r in rows), statistics.fmean(r[1] for r in rows)
print(f"mean seconds per candidate ({cached.steps} steps): reused {ma:.1f} s, re-run {mb:.1f} s, speed-up x{mb / ma:.2f}")

full = SearchSpace()
for n in (20, 30):
    ctl = FeedbackController(full, ControllerConfig()); gb, pb = full.states()[0], full.states()[1]
    t0 = time.time(); pred = ctl.predict(gb, pb); tp = time.time() - t0
    data = [((gb, pb, st), 1.0 + 0.01 * i) for i, st in enumerate(full.sample(n, 0))]
    t0 = time.time(); fit_controller(ctl, data); tf = time.time() - t0
    print(f"controller, N={n}: predict all {len(pred)} states {tp * 1e3:.1f} ms, train 10 epochs {tf * 1e3:.1f} ms, "
          f"episode total {(tp + tf) * 1e3:.1f} ms")
