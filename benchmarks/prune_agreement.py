"""Did successive halving change what the search finds? A pruned and an unpruned search of the same preset, compared.

    kdnas search --preset quick --out runs/quick                                   # pruned (the preset's setting)
    kdnas search --preset quick --set 'search.prune="none"' --out runs/quick-unpruned
    HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 .venv/bin/python benchmarks/prune_agreement.py \
        --preset quick --pruned runs/quick --unpruned runs/quick-unpruned

Every state either search met gets its full (unpruned) reward: from the unpruned run's storage where it was distilled
there, else distilled now with the preset's evaluator (a candidate's result does not depend on the search that asks
for it: its seed is a function of the state). Prints, for each run, its wall time, candidates per hour and top-3; then
  - the Spearman correlation between the pruned search's stored rewards of its finished candidates and their full
    rewards (pruning must not change a finished candidate: expect 1.000);
  - the Spearman correlation, over every candidate of the pruned search, between the ranking it acted on (stored
    reward, stopped candidates last) and the full rewards;
  - the pruned states that would have been among the 3 best in full (the pruning mistakes that matter).
Prints figures; asserts nothing.
"""
import argparse, json
from pathlib import Path
import pandas as pd
from scipy.stats import spearmanr

ap = argparse.ArgumentParser()
ap.add_argument("--preset", default="quick"); ap.add_argument("--pruned", required=True); ap.add_argument("--unpruned", required=True)
a = ap.parse_args()


def run_facts(d):
    d = Path(d)
    c = pd.read_csv(d / "candidates.csv"); cfg = json.loads((d / "config.json").read_text())
    c = c[~c.reused.astype(bool)]
    return c, cfg.get("wall_seconds_last_call"), pd.read_csv(d / "top.csv")


pr, pr_wall, pr_top = run_facts(a.pruned)
un, un_wall, un_top = run_facts(a.unpruned)
for name, c, wall, top in (("pruned", pr, pr_wall, pr_top), ("unpruned", un, un_wall, un_top)):
    n, k = len(c), int(c.reward.isna().sum())
    print(f"{name:9s}: {n} candidates distilled ({k} stopped early), {wall / 60:.1f} min (last call), "
          f"{3600 * n / wall:.0f} candidates/hour; top-3 " + ", ".join(f"{s} {r:.4f}" for s, r in zip(top.state, top.reward)))

full = dict(zip(un.state, un.reward))
missing = [s for s in pr.state if s not in full]
if missing:
    from kdnas.run import build
    from kdnas.space import State
    env = build(a.preset, progress=False)
    for s in missing:
        full[s] = env.reward(env.evaluator.evaluate(State.from_key(s)))
    print(f"distilled in full now: {len(missing)} states the unpruned search did not meet")

fin = pr[pr.reward.notna()]
rho_same = spearmanr(fin.reward, [full[s] for s in fin.state]).statistic
print(f"finished candidates of the pruned search: {len(fin)}; Spearman of their stored and full rewards {rho_same:.3f}; "
      f"largest difference {max(abs(r - full[s]) for s, r in zip(fin.state, fin.reward)):.2e}")
ev = pr.assign(evidence=pr.reward.fillna(pr.reward.min() - 1))   # the pruned search's view: a stopped state ranks last
rho_view = spearmanr(ev.evidence, [full[s] for s in ev.state]).statistic
print(f"all {len(pr)} candidates of the pruned search, its ranking (stopped ones last) vs full rewards: Spearman {rho_view:.3f}")
stopped = pr[pr.reward.isna()]
best = sorted(set(pr.state) | set(un.state), key=lambda s: -full[s])[:3]
lost = [s for s in stopped.state if s in best]
print(f"3 best in full over both searches' states: " + ", ".join(f"{s} {full[s]:.4f}" for s in best))
print(f"stopped states' full rewards: {sorted(round(full[s], 4) for s in stopped.state)}; finished median {fin.reward.median():.4f}; "
      f"stopped states among the 3 best in full: {lost or 'none'}")
