"""Cheap pre-filters against the mini-KD reward, and the pre-filtered search side by side with today's (issue 23).

    KDNAS_CACHE=... python benchmarks/prefilter.py --preset quick --seeds 1 2 3 --out benchmarks/data/prefilter

1. Side by side, alternately per seed: the preset's search, and the same search with `search.prefilter = "early"`
   (the controller proposes as before; only the best `--keep` share of each episode's new candidates by their reward
   after `--steps` proxy steps is distilled). One environment (teacher outputs computed once, the cached latency
   table); seeds set `search.seed` and `controller.seed`, so every search uses the same proxy and the same seeded students.
   Rows: wall s, candidates distilled (started; successive halving may stop them), proxy steps run, top-3 mean reward.
2. Every state the baseline searches planned, measured on the full proxy (no halving: a state the search pruned is
   distilled to the end here; one it finished keeps its result, the same seeded run), with every cheap signal of `kdnas.prefilter.cheap_scores`; Spearman and Kendall of each
   signal with the proxy reward (and with the held-out L_HS), 95% bootstrap intervals over states.
3. A fourth row: the best signal alone, on as many seeded random states as a search plans, distilling nothing to choose
   (its top-3 are distilled afterwards only to score the row).

Writes searches.csv, states.csv, correlations.csv and README.md (the tables, with the command) to --out.
"""
import argparse, json, math, random, shutil, sys, time
from pathlib import Path
import numpy as np, pandas as pd
from scipy import stats
from kdnas.settings import with_options
from kdnas.space import State
from kdnas.run import build, run_search
from kdnas.prefilter import good_signals, prefilter_verdict, cheap_scores, size_scores, zero_cost_scores, early_scores, ZERO_COST

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--preset", default="quick"); ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
ap.add_argument("--steps", type=int, default=4, help="proxy steps before the pre-filter's score is read")
ap.add_argument("--keep", type=float, default=0.5, help="share of an episode's new candidates distilled")
ap.add_argument("--curve", type=int, nargs="+", default=[2, 4, 8, 16], help="learning-curve points measured in part 2")
ap.add_argument("--out", default="benchmarks/data/prefilter"); ap.add_argument("--runs", default="runs/prefilter-bench")
ap.add_argument("--boot", type=int, default=2000)
ap.add_argument("--skip-searches", action="store_true", help="parts 2-3 only, on the searches of an earlier run (--runs, --out/searches.csv)")
ap.add_argument("--max-states", type=int, default=None, help="part 2 on a seeded random subset of this many planned states")
ap.add_argument("--resume", action="store_true", help="part 2 keeps the states already in --out/states.partial.csv")
a = ap.parse_args()
out, runs = Path(a.out), Path(a.runs); out.mkdir(parents=True, exist_ok=True)
if not a.skip_searches: shutil.rmtree(runs, ignore_errors=True)
T0 = time.time()
def log(*x): print(f"[{time.time() - T0:7.0f} s]", *x, flush=True)

base = with_options(a.preset)
env = build(base, progress=False)
log(f"environment built in {env.setup_seconds:.0f} s")
variants = {"today": {}, "pre-filtered": {"search.prefilter": "early", "search.prefilter_steps": a.steps, "search.prefilter_keep": a.keep}}

# 1. side by side, alternately
rows, planned, finished = [], {}, {}
for seed in a.seeds:
    for name, extra in variants.items():
        folder = runs / f"{name}-seed{seed}"
        if a.skip_searches:
            c = pd.read_csv(folder / "candidates.csv")
            if name == "today":
                planned.update({st: seed for st in c["state"]})
                done = c[c["reward"].notna() & c["pruned_at"].isna()]
                finished.update({x.state: {"distil_loss": x.distil_loss, "reward": x.reward, "seconds": x.seconds} for x in done.itertuples()})
            continue
        s = with_options(base, assignments={"search.seed": seed, "controller.seed": seed, **extra})
        t0 = time.time(); res = run_search(s, folder, progress=False, env=env); wall = time.time() - t0
        c = pd.read_csv(folder / "candidates.csv"); top = pd.read_csv(folder / "top.csv")
        filt = c["filtered"].fillna(False).astype(bool) if "filtered" in c else pd.Series(False, index=c.index)
        fresh = c[~filt & ~c["reused"].astype(bool)]
        rows.append({"search": name, "seed": seed, "wall s": round(wall, 1), "planned": len(c), "distilled": len(fresh),
                     "filtered": int(filt.sum()), "proxy steps": int(fresh["steps"].sum()),
                     "top-3 mean reward": top["reward"].mean(), "top-3": " ".join(top["state"])})
        log(rows[-1])
        if name == "today":
            planned.update({st: seed for st in c["state"]})
            done = c[c["reward"].notna() & c["pruned_at"].isna()]   # ran all the proxy's steps: the full proxy's result already
            finished.update({x.state: {"distil_loss": x.distil_loss, "reward": x.reward, "seconds": x.seconds} for x in done.itertuples()})
if a.skip_searches: rows = pd.read_csv(out / "searches.csv").query("search in ['today', 'pre-filtered']").to_dict("records")
else: pd.DataFrame(rows).to_csv(out / "searches.csv", index=False)

# 2. every planned state on the full proxy, with every cheap signal
order = sorted(planned); random.Random(0).shuffle(order)   # a seeded order: a run cut short is still a random subset
order = order[:a.max_states] if a.max_states else order
partial = out / "states.partial.csv"
recs = [r for r in pd.read_csv(partial).to_dict("records") if r["state"] in order] if a.resume and partial.exists() else []
have = {r["state"] for r in recs}
for i, key in enumerate(k for k in order if k not in have):
    st = State.from_key(key)
    if key in finished: m = finished[key]; r = m["reward"]   # the same seeded student and batches: the same result
    else: m = env.evaluator.evaluate(st); r = env.reward(m)
    cs = cheap_scores(env.evaluator, env.reward, st, tuple(a.curve))
    recs.append({"state": key, "search seed": planned[key], "distil_loss": m["distil_loss"], "reward": r,
                 "proxy_seconds": m["seconds"], **cs})
    if i % 10 == 0: log(f"state {len(recs)}/{len(order)}")
    pd.DataFrame(recs).to_csv(partial, index=False)   # kept if the run stops before the end
# the controller's own predicted reward, where a controller planned the state (the last prediction made for it)
pred = {}
for seed in a.seeds:
    c = pd.read_csv(runs / f"today-seed{seed}" / "candidates.csv")
    for _, x in c[c.origin == "controller"].iterrows(): pred[x.state] = x.predicted_reward
states = pd.DataFrame(recs); states["controller"] = states.state.map(pred)
states.to_csv(out / "states.csv", index=False)

SIGNALS = ["params", "nonembedding_params", "gflops", "latency_ms", "grad_norm", "snip", "synflow", "jacov"] + \
          [f"lhs_{k}" for k in a.curve] + [f"reward_{k}" for k in a.curve] + ["extrapolated", "controller"]
def boot_ci(x, y, f):
    idx = np.arange(len(x)); g = np.random.default_rng(0); vals = []
    for _ in range(a.boot):
        j = g.choice(idx, len(idx)); v = f(x[j], y[j]).statistic
        if math.isfinite(v): vals.append(v)
    return np.percentile(vals, [2.5, 97.5]) if vals else (float("nan"), float("nan"))
corr = []
for sig in SIGNALS:
    d = states[[sig, "reward", "distil_loss"]].dropna()
    if len(d) < 4: continue   # e.g. the controller planned too few of the states
    x, y, q = d[sig].to_numpy(float), d["reward"].to_numpy(float), d["distil_loss"].to_numpy(float)
    sp, kt = stats.spearmanr(x, y).statistic, stats.kendalltau(x, y).statistic
    lo, hi = boot_ci(x, y, stats.spearmanr)
    corr.append({"signal": sig, "n": len(d), "spearman vs reward": sp, "95% CI": f"[{lo:.2f}, {hi:.2f}]",
                 "kendall vs reward": kt, "spearman vs L_HS": stats.spearmanr(x, q).statistic,
                 "seconds per state": (states["zero_cost_seconds"].mean() if sig in ZERO_COST else None)})
corr = pd.DataFrame(corr); corr.to_csv(out / "correlations.csv", index=False)
log("\n" + corr.to_string())

def signal(st, name):
    "One signal of `st`, computing only what it needs."
    if name in ("params", "nonembedding_params", "gflops", "latency_ms"):
        return size_scores(st, env.teacher.config, env.latency)[name]
    if name in ZERO_COST: return zero_cost_scores(env.evaluator, st)[name]
    ks = tuple(a.curve) if name == "extrapolated" else (int(name.split("_")[-1]),)
    return early_scores(env.evaluator, env.reward, st, ks)[name]

# 3. the best signal alone: top-3 of as many seeded random states as a search plans, nothing distilled to choose
best = corr[(corr.signal != "controller") & corr["spearman vs reward"].notna()].assign(a=lambda d: d["spearman vs reward"].abs()).sort_values("a").iloc[-1]
sign = 1 if best["spearman vs reward"] > 0 else -1
n = int(np.median([r["planned"] for r in rows if r["search"] == "today"]))
for seed in a.seeds:
    t0 = time.time()
    sample = env.space.sample(n, random.Random(seed))
    score = {st: sign * signal(st, best.signal) for st in sample}
    top3 = sorted(sample, key=lambda s: -score[s])[:3]
    wall = time.time() - t0
    rewards = [env.reward(env.evaluator.evaluate(s)) for s in top3]
    rows.append({"search": f"{best.signal} alone", "seed": seed, "wall s": round(wall, 1), "planned": n, "distilled": 0,
                 "filtered": n - 3, "proxy steps": 0, "top-3 mean reward": float(np.mean(rewards)), "top-3": " ".join(s.key for s in top3)})
    log(rows[-1])
searches = pd.DataFrame(rows); searches.to_csv(out / "searches.csv", index=False)

summ = searches.groupby("search", sort=False).agg(**{"wall s": ("wall s", "mean"), "distilled": ("distilled", "mean"),
        "proxy steps": ("proxy steps", "mean"), "top-3 reward mean": ("top-3 mean reward", "mean"),
        "top-3 reward std (seeds)": ("top-3 mean reward", "std")}).reset_index()
cmd = "python benchmarks/prefilter.py " + " ".join(sys.argv[1:])
(out / "README.md").write_text(
    f"# Pre-filters against the mini-KD reward\n\nCommand: `{cmd}` ({time.time() - T0:.0f} s, "
    f"{json.dumps(env.evaluator.describe().get('proxy_steps'))} proxy steps per candidate).\n\n"
    f"## Searches, mean over seeds {a.seeds}\n\n{summ.to_markdown(index=False, floatfmt='.4f')}\n\n"
    f"## Per seed\n\n{searches.to_markdown(index=False, floatfmt='.4f')}\n\n"
    f"## Signals vs the full proxy reward ({len(states)} states)\n\n{corr.to_markdown(index=False, floatfmt='.3f')}\n\n"
    f"## Verdict\n\nSignals with |Spearman| >= 0.8 against the proxy reward: {', '.join(good_signals(corr)) or 'none'}.\n"
    f"Pre-filtered search against today's: "
    f"{ {k: round(float(v), 4) if isinstance(v, (float, np.floating)) else v for k, v in prefilter_verdict(searches).items()} }\n")
log("written", out)
