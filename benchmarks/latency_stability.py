"""Two independent builds of the latency lookup table over the same seeded states of the quick space: how well they
agree (Kendall tau, median relative difference) and what a state costs, for the quick preset's old protocol and ours.

    HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 .venv/bin/python benchmarks/latency_stability.py [--states 24] [--seed 0]

Prints figures; asserts nothing. "paper space": the predictor calibrated on the papers' space, as `kdnas.run`
builds the table today (it does not pass the searched space). Builds alternate (old A, ours A, ..., old B, ours B,
...), so each protocol's two builds are a minute or two apart and meet the machine in different moods. Timings
depend on the load: the load average is printed before and after.
"""
import argparse, dataclasses, os, statistics, time
import numpy as np
from kdnas.settings import load_settings, LatencyProtocol
from kdnas.run import build_space
from kdnas.models import load_teacher
from kdnas.latency import timed_build, rank_agreement

ap = argparse.ArgumentParser()
ap.add_argument("--preset", default="quick"); ap.add_argument("--states", type=int, default=24)
ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()
s = load_settings(a.preset)
teacher = load_teacher(s.teacher.source)
space = build_space(s, teacher)
states = space.sample(a.states, a.seed)
ours = s.latency
measured = dataclasses.replace(ours, predict=0)
protocols = {  # name: (protocol, one state at a time as the search looks them up, calibration space)
    "old: 3x(3+10) median, one by one": (LatencyProtocol(seq_len=128, warmup=3, repeats=10, runs=3), True, space),
    "ours measured, one by one": (measured, True, space),
    "ours measured, interleaved": (measured, False, space),
    f"ours predicted ({ours.predict} measured)": (ours, False, space),
    "ours predicted, calibrated on paper space": (ours, False, None)}
print(f"preset {a.preset}: {len(states)} states (seed {a.seed}) of {len(space)}; ours = {ours}")
print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

builds = {k: [] for k in protocols}
for b in range(2):
    for name, (p, one_by_one, sp) in protocols.items():
        ms, sec, table = timed_build(p, teacher.config, states, sp, one_by_one)
        builds[name].append((ms, sec, table))
        print(f"  build {'AB'[b]} {name:42s} {sec:6.1f} s", flush=True)

print(f"\n{'protocol':42s} {'tau':>6s} {'median diff':>12s} {'s/state':>8s}")
for name, (A, B) in builds.items():
    r = rank_agreement(A[0], B[0])
    print(f"{name:42s} {r['kendall_tau']:6.3f} {r['median_diff_pct']:11.1f}% {(A[1] + B[1]) / 2 / len(states):8.2f}")

cands = s.search.episodes * s.search.candidates
meas = np.mean([builds["ours measured, interleaved"][i][0] for i in range(2)], axis=0)
print(f"\npredictor (a {a.preset} search looks up {cands} candidates; calibration is paid once per machine and protocol):")
for name in list(protocols)[3:]:
    for tag, (ms, sec, t) in zip("AB", builds[name]):
        e, r = t.predictor(teacher.config).error, rank_agreement(ms, meas)
        mape = float(np.mean(np.abs(np.asarray(ms) - meas) / meas) * 100)
        print(f"  {name} {tag}: {len(t.entries)} states measured in {sec:.1f} s = {sec / cands:.2f} s per candidate; "
              f"held-out (leave-one-out) MAPE {e['mape_pct']:.1f}%, tau {e['kendall_tau']:.3f}; "
              f"vs the mean of the two interleaved measurements: MAPE {mape:.1f}%, tau {r['kendall_tau']:.3f}")
t = builds[list(protocols)[3]][0][2]
per_lookup = []
for st in space.sample(200, a.seed + 100):
    t0 = time.perf_counter(); t.ms(teacher.config, st); per_lookup.append(time.perf_counter() - t0)
print(f"  a look-up after calibration: {statistics.fmean(per_lookup) * 1e3:.2f} ms")
print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
