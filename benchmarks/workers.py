"""Workers on one machine: candidates per hour of 1 worker x 2 threads against 2 workers x 1 thread, and what the
storage costs per candidate (claim + store) on PostgreSQL and SQLite.

    HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 .venv/bin/python -u benchmarks/workers.py \
        [--preset quick] [--candidates 8] [--claims 40] [--skip-throughput]

(1) Throughput: one episode of `--candidates` candidates of the preset (episode 1 is all random exploration, so both
    set-ups distil the same states), on a throwaway PostgreSQL server (tests/pgserver.py; SQLite if no server is
    installed): the study is created first (`kdnas.run.open_study`), then one `kdnas worker --threads 2`, or two
    `kdnas worker --threads 1` started together. Candidates per hour count from the first claim to the last store
    (each process's teacher and latency set-up is left out; the wall time with it is printed beside).
(2) Storage overhead: `--claims` candidates queued as WAITING trials, then each claimed (WAITING -> RUNNING, first
    heartbeat, worker tag) and stored (its ~15 metrics as user attributes, then completed), with an instant
    evaluator; milliseconds per candidate, median and 90th percentile, on PostgreSQL and on SQLite (shared mode:
    every transaction takes the write lock), and the one-process SQLite store of today (`Storage.add`) for reference.
Prints figures; asserts nothing. About 8 minutes on 2 cores at the quick preset.
"""
import argparse, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
KDNAS = str(Path(sys.executable).parent / "kdnas")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_EVALUATE_OFFLINE": "1", "MPLBACKEND": "Agg"}


def server():
    "A throwaway PostgreSQL server (context manager yielding its URL), or None if none is installed."
    from pgserver import postgres, server_bin
    try: import psycopg  # noqa: F401
    except ImportError: return None
    return postgres() if server_bin("initdb") and server_bin("pg_ctl") else None


def run(*args, wait=True):
    p = subprocess.Popen([KDNAS, *map(str, args)], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not wait: return p
    out, _ = p.communicate()
    if p.returncode: raise SystemExit(f"kdnas {' '.join(map(str, args))} failed:\n{out}")
    return out


def throughput(url:str, name:str, workers:int, threads:int, settings, env)->dict:
    "Run one episode with `workers` processes of `threads` torch threads each, started together; candidates per hour from the storage."
    import optuna
    from kdnas.run import open_study
    open_study(settings, url, name, "lstm", env)   # the study and its settings: the workers read them and build at once
    t0 = time.time()
    procs = [run("worker", "--storage", url, "--study", name, "--threads", threads, "--quiet", wait=False) for _ in range(workers)]
    try:
        for p in procs:
            o, _ = p.communicate()
            if p.returncode: raise SystemExit(f"a process of {name} failed:\n{o}")
    finally:
        for p in procs:
            if p.poll() is None: p.kill()
    wall = time.time() - t0
    ts = [t for t in optuna.load_study(study_name=name, storage=url).get_trials(deepcopy=False)
          if t.state == optuna.trial.TrialState.COMPLETE]
    span = (max(t.datetime_complete for t in ts) - min(t.datetime_start for t in ts)).total_seconds()
    per = [(t.datetime_complete - t.datetime_start).total_seconds() for t in ts]
    return {"setup": f"{workers} worker{'s' if workers > 1 else ''} x {threads} thread{'s' if threads > 1 else ''}",
            "candidates": len(ts), "span_s": round(span, 1), "candidates_per_hour": round(3600 * len(ts) / span, 1),
            "s_per_candidate": round(statistics.mean(per), 1), "wall_s_with_setup": round(wall, 1),
            "states": sorted("{num_hidden_layers}L-{num_attention_heads}A-{hidden_size}H-{intermediate_size}I-{hidden_act}"
                             .format(**t.params) for t in ts),
            "workers": len({t.user_attrs.get("worker") for t in ts})}


METRICS = {"distil_loss": 0.71, "heldout_loss": 0.71, "params": 7_100_000, "latency_ms": 5.4, "latency_std_ms": 0.1,
           "steps": 64, "seconds": 18.2, "train_loss_first": 1.3, "train_loss_last": 0.8, "lr": 8e-4, "tokens": 32_768,
           "rows": 1024, "vocab": 12_000, "quality": "distil_loss", "precision": "fp32"}


def overhead(url:str, n:int)->dict:
    "Milliseconds per candidate to claim (lock, WAITING -> RUNNING, heartbeat, tag) and store (metrics, complete) on `url`."
    import optuna
    from kdnas.space import SearchSpace, State
    from kdnas.search import KDNAS, Storage
    from kdnas.rewards import Reward
    from kdnas.settings import SearchConfig
    from kdnas.workers import Worker
    space = SearchSpace()
    st = Storage(url, space, f"overhead-{time.time_ns()}", heartbeat=10)
    w = Worker(KDNAS(space, lambda s, **kw: METRICS, Reward(), st, None, SearchConfig(episodes=1, candidates=n)), poll=0)
    states = space.sample(n, 0)
    with w.lock(): w.queue(1, [{"state": s.key, "origin": "random"} for s in states])
    claim, store = [], []
    for _ in states:
        t0 = time.perf_counter()
        with w.lock(): trial = w.claim()   # as `Worker.step` claims: under the study's lock
        t1 = time.perf_counter()
        st.finish(trial, METRICS, 0.3); t2 = time.perf_counter()
        claim.append(1000 * (t1 - t0)); store.append(1000 * (t2 - t1))
    tot = [a + b for a, b in zip(claim, store)]
    q = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(p * len(xs)))]
    return {"claim_ms": round(statistics.median(claim), 1), "store_ms": round(statistics.median(store), 1),
            "claim_store_ms": round(statistics.median(tot), 1), "p90_ms": round(q(tot, 0.9), 1)}


def add_only(url:str, n:int)->dict:
    "Today's one-process store on SQLite: one `Storage.add` per candidate (no claim)."
    from kdnas.space import SearchSpace
    from kdnas.search import Storage
    space = SearchSpace(); st = Storage(url, space, "add-only")
    ms = []
    for s in space.sample(n, 1):
        t0 = time.perf_counter(); st.add(s, METRICS, 0.3, episode=1, origin="random"); ms.append(1000 * (time.perf_counter() - t0))
    return {"claim_ms": 0.0, "store_ms": round(statistics.median(ms), 1), "claim_store_ms": round(statistics.median(ms), 1),
            "p90_ms": round(sorted(ms)[int(0.9 * len(ms))], 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", default="quick"); ap.add_argument("--candidates", type=int, default=8)
    ap.add_argument("--claims", type=int, default=40); ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args()
    import signal; signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))   # stop the server and the workers on kill
    os.environ.update({k: v for k, v in ENV.items() if k.startswith(("HF_", "MPL"))})
    tmp = Path(tempfile.mkdtemp(prefix="kdnas-bench-workers-"))
    srv = server()
    with (srv if srv is not None else _nothing(f"sqlite:///{tmp}/bench.db")) as url:
        print(f"storage: {'PostgreSQL (throwaway server)' if srv is not None else 'SQLite (no PostgreSQL server installed)'}; "
              f"{os.cpu_count()} CPUs", flush=True)
        if not args.skip_throughput:
            from kdnas.settings import with_options
            from kdnas.run import build
            settings = with_options(args.preset, episodes=1, candidates=args.candidates)
            t0 = time.time(); env = build(settings, progress=False)
            print(f"set-up (teacher outputs, latency table) in this process: {time.time() - t0:.0f} s", flush=True)
            print(f"\n(1) {args.preset}: one episode of {args.candidates} candidates")
            print(f"{'set-up':22s} {'cand.':>5s} {'span s':>7s} {'cand./hour':>10s} {'s/cand.':>8s} {'wall s (with set-up)':>21s} {'workers seen':>12s}")
            rows = []
            for name, w, th in (("t1x2", 1, 2), ("t2x1", 2, 1)):
                r = throughput(url, name, w, th, settings, env); rows.append(r)
                print(f"{r['setup']:22s} {r['candidates']:5d} {r['span_s']:7.1f} {r['candidates_per_hour']:10.1f} "
                      f"{r['s_per_candidate']:8.1f} {r['wall_s_with_setup']:21.1f} {r['workers']:12d}", flush=True)
            print(f"same states in both: {rows[0]['states'] == rows[1]['states']}")
        print(f"\n(2) storage overhead per candidate, {args.claims} candidates, instant evaluator (ms, median; p90)")
        res = {}
        if srv is not None: res["PostgreSQL (workers)"] = overhead(url, args.claims)
        res["SQLite (workers)"] = overhead(f"sqlite:///{tmp}/overhead.db", args.claims)
        res["SQLite (one process, add)"] = add_only(f"sqlite:///{tmp}/add.db", args.claims)
        print(f"{'storage':27s} {'claim':>7s} {'store':>7s} {'claim+store':>12s} {'p90':>7s}")
        for k, r in res.items():
            print(f"{k:27s} {r['claim_ms']:7.1f} {r['store_ms']:7.1f} {r['claim_store_ms']:12.1f} {r['p90_ms']:7.1f}", flush=True)


class _nothing:
    def __init__(self, v): self.v = v
    def __enter__(self): return self.v
    def __exit__(self, *a): return False


if __name__ == "__main__":
    main()
