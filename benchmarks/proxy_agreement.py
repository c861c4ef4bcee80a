"""Does a change to the proxy keep its ranking? The preset's proxy against the same proxy with some settings changed.

    HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 .venv/bin/python benchmarks/proxy_agreement.py \
        --preset quick --set proxy.precision=bf16 [--set ...] [--n 10] [--seed 0] [--threads 2]

Evaluates `--n` seeded random states of the preset's space with both proxies (same teacher outputs, same students)
and prints each state's quality under both, the Spearman and Kendall rank correlations (`kdnas.proxy.proxy_fidelity`)
and the seconds per candidate of each. The issue's bar for adopting a cheaper proxy: Spearman >= 0.9.
Prints figures; asserts nothing.
"""
import argparse, dataclasses, os, statistics
import torch

ap = argparse.ArgumentParser()
ap.add_argument("--preset", default="quick"); ap.add_argument("--set", action="append", default=[], dest="sets")
ap.add_argument("--n", type=int, default=10); ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--threads", type=int, default=2)
a = ap.parse_args()
torch.set_num_threads(a.threads)
from kdnas.settings import load_settings, parse_assignment
from kdnas.run import build, evaluator
from kdnas.proxy import proxy_fidelity

base = load_settings(a.preset)
changed = load_settings(a.preset, dict(parse_assignment(x) for x in a.sets))
env = build(base, progress=False)
ref = env.evaluator
alt = evaluator(dataclasses.replace(env, settings=changed), changed.proxy, progress=False)
states = env.space.sample(a.n, a.seed)
print(f"preset {a.preset}: {a.n} random states (seed {a.seed}); changed: {', '.join(a.sets) or 'nothing'}; "
      f"{a.threads} threads, load average {os.getloadavg()[0]:.1f}")
fid = proxy_fidelity(alt, ref, states, progress=False)
q = ref.quality
print(fid.table[["state", f"proxy_{q}", f"reference_{q}", "proxy_seconds", "reference_seconds"]]
      .rename(columns={f"proxy_{q}": f"changed {q}", f"reference_{q}": f"preset {q}",
                       "proxy_seconds": "changed s", "reference_seconds": "preset s"}).round(4).to_string(index=False))
print(f"Spearman {fid.spearman:.3f} (p={fid.spearman_p:.3g}), Kendall {fid.kendall:.3f}; "
      f"seconds per candidate: preset {statistics.fmean(fid.table.reference_seconds):.1f}, "
      f"changed {statistics.fmean(fid.table.proxy_seconds):.1f}")
