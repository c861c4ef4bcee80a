"""What a mini-KD candidate costs: a plain distillation loop against the kdnas proxy, lever by lever.

    HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 .venv/bin/python benchmarks/search_cost.py \
        [--preset quick] [--max-length 64] [--steps 32] [--threads 2] [--repeats 2] [--parallel] [--search]

For three students (3L-192H, 4L-384H, 12L-576H) on the preset's teacher, transfer text and proxy settings (with
`--max-length` tokens and `--steps` optimiser steps), seconds per candidate (distillation and held-out L_HS) of:

  (a) plain loop: the teacher run at every step, the full vocabulary, every row padded to max-length;
  (b) the kdnas proxy as it was: teacher outputs computed once, batches cut to their longest row;
  (c) then each lever added in turn: compact vocabulary, fused AdamW, length-bucketed batches, bf16 autocast.

The best of `--repeats` runs is kept (the machine is shared). The held-out L_HS of each variant is printed beside its
time: the vocabulary and fused AdamW change nothing but rounding; buckets change the batches; bf16 the arithmetic.
`--parallel` also compares one candidate at a time on all threads with one candidate per thread in parallel
processes. `--search` runs the quick search with the levers off, on without pruning and on as the preset sets them, in fresh run
folders, prints the wall time, candidates per hour and top-3 of each, and whether pruning dropped a state that would
have been among the best in full (about 25 minutes on 2 cores). Prints figures; asserts nothing.
"""
import argparse, dataclasses, math, multiprocessing as mp, os, shutil, tempfile, time
from pathlib import Path
import torch

STUDENTS = ["3L-4A-192H-384I-relu", "4L-12A-384H-1536I-gelu", "12L-12A-576H-2304I-gelu"]
LEVERS = ["compact vocabulary", "fused AdamW", "length buckets", "bf16 autocast"]


def plain_loop(mk, state, seed=0):
    "Distil `state` as a plain loop would: teacher forward at every step, full vocabulary, static padding."
    from kdnas.models import make_student
    from kdnas.core import lr_factor
    from kdnas.proxy import _state_seed
    c, teacher = mk.config, mk.teacher.model
    tok = mk.teacher.tokenizer
    rows = [mk.texts[i] for i in range(len(mk.texts))]
    def static(enc):   # pad every row to max_length
        ids = enc["input_ids"]; n, L = ids.shape
        out = {}
        for k, v in enc.items():
            pad = torch.zeros(n, c.max_length, dtype=v.dtype)
            pad[:, :L] = v; out[k] = pad
        return out
    tr, ho = static(mk.train_outputs.enc), static(mk.heldout_outputs.enc)
    s = _state_seed(c.seed, state)
    t0 = time.time()
    student = make_student(mk.teacher.config, state, seed=s)
    loss = mk.recipe(state)
    params = [p for m in (student, loss) for p in m.parameters()]
    opt = torch.optim.AdamW(params, lr=c.lr, betas=tuple(c.betas), weight_decay=c.weight_decay)
    total, warm = mk.steps, math.ceil(c.warmup_ratio * mk.steps)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: lr_factor(i, total, warm, c.decay))
    g, n, order = torch.Generator().manual_seed(s), len(tr["input_ids"]), torch.empty(0, dtype=torch.long)
    student.train(); loss.train()
    def batch_loss(enc, idx):
        b = {k: v[idx] for k, v in enc.items()}
        with torch.no_grad(): th = teacher(**b, output_hidden_states=True).hidden_states
        th = [h if j in mk.train_outputs.layers else None for j, h in enumerate(th)]
        return loss(student(**b, output_hidden_states=True).hidden_states, th, b["attention_mask"]), int(b["attention_mask"].sum())
    for _ in range(total):
        if len(order) < c.batch_size: order = torch.cat([order, torch.randperm(n, generator=g)])
        idx, order = order[:c.batch_size], order[c.batch_size:]
        l, _ = batch_loss(tr, idx)
        opt.zero_grad(); l.backward()
        torch.nn.utils.clip_grad_norm_(params, c.max_grad_norm); opt.step(); sched.step()
    student.eval(); tot = cnt = 0
    with torch.no_grad():
        for b0 in range(0, len(ho["input_ids"]), c.eval_batch_size):
            l, k = batch_loss(ho, torch.arange(b0, min(b0 + c.eval_batch_size, len(ho["input_ids"]))))
            tot += l.item() * k; cnt += k
    return time.time() - t0, tot / cnt


def variants(mk):
    "The kdnas proxy before the levers, then with each lever added: (name, evaluator, fused)."
    from kdnas.proxy import MiniKD
    base = dataclasses.replace(mk.config, bucket=False, precision="fp32")
    out = (mk.train_outputs, mk.heldout_outputs)
    make = lambda cfg, compact: MiniKD(mk.teacher, mk.texts, cfg, None, out, compact_vocab=compact)
    return [("(b) kdnas proxy, before", make(base, False), False),
            ("(c) + compact vocabulary", make(base, True), False),
            ("    + fused AdamW", make(base, True), True),
            ("    + length buckets", make(dataclasses.replace(base, bucket=True), True), True),
            ("    + bf16 autocast", make(dataclasses.replace(base, bucket=True, precision="bf16"), True), True)]


def timed(ev, state, fused):
    import kdnas.core
    kdnas.core.ADAMW_FUSED = fused
    r = ev.evaluate(state)
    return r["seconds"], r["distil_loss"]


def build_proxy(preset, max_length, steps, threads):
    from kdnas.settings import load_settings
    from kdnas.models import load_teacher
    from kdnas.data import load_texts, resolve_data_path
    from kdnas.proxy import MiniKD
    torch.set_num_threads(threads)
    s = load_settings(preset)
    cfg = dataclasses.replace(s.proxy, max_length=max_length, max_steps=steps, epochs=max(s.proxy.epochs, 100.0))
    teacher = load_teacher(s.teacher.source)
    texts = load_texts(resolve_data_path(s.data.source), s.data.max_texts, text_column=s.data.text_column, name=s.data.name)
    return MiniKD(teacher, texts, cfg)


def _worker(args):
    preset, max_length, steps, states = args
    from kdnas.run import parse_state
    mk = build_proxy(preset, max_length, steps, 1)
    name, ev, fused = variants(mk)[-1]
    t0 = time.time()
    for st in states: timed(ev, parse_state(st), fused)
    return time.time() - t0


def search_pair(preset):
    """The quick search with the levers off, on without pruning, and on as the preset sets them, in fresh folders:
    wall seconds, candidates per hour, top-3 rewards; then whether pruning changed what the unpruned search finds."""
    import kdnas.core
    from scipy.stats import spearmanr
    from kdnas.run import build, run_search
    from kdnas.settings import load_settings
    from kdnas.proxy import MiniKD
    from kdnas.space import State
    base, runs = load_settings(preset), {}
    off = dataclasses.replace(base, proxy=dataclasses.replace(base.proxy, bucket=False, precision="fp32"),
                              search=dataclasses.replace(base.search, prune="none"))
    unpruned = dataclasses.replace(base, search=dataclasses.replace(base.search, prune="none"))
    variants_ = [("levers off", off, False), ("levers on, no pruning", unpruned, True)]
    if base.search.prune != "none": variants_.append((f"levers on, {base.search.prune} pruning", base, True))
    for name, s, levers in variants_:
        kdnas.core.ADAMW_FUSED = levers
        out = Path(tempfile.mkdtemp()) / "run"
        t0 = time.time()
        env = build(s, progress=False)
        if not levers:
            ev = env.evaluator
            env.evaluator = MiniKD(env.teacher, env.texts, s.proxy, env.latency, (ev.train_outputs, ev.heldout_outputs), compact_vocab=False)
        res = run_search(s, out, progress=False, env=env)
        wall = time.time() - t0
        c = res["candidates"]; c = c[~c.reused]
        n, pruned = len(c), int(c.reward.isna().sum())
        top = res["top"].reward.round(4).tolist()
        runs[name] = (c, env, s)
        print(f"quick search, {name}: {wall / 60:.1f} min, {n} candidates ({pruned} pruned), "
              f"{3600 * n / wall:.0f} candidates/hour, top-3 rewards {top} {res['top'].state.tolist()}", flush=True)
        shutil.rmtree(out.parent, ignore_errors=True)
    kdnas.core.ADAMW_FUSED = True
    if len(runs) == 3:   # pruning's agreement: every state the pruned search met, scored in full
        (full, env, s), (pr, _, _) = runs["levers on, no pruning"], runs[variants_[2][0]]
        known = dict(zip(full.state, full.reward))
        for k in pr.state:
            if k not in known: known[k] = env.reward(env.evaluator.evaluate(State.from_key(k)))
        fin = pr[pr.reward.notna()]
        rho = spearmanr(fin.reward, [known[k] for k in fin.state]).statistic if len(fin) > 2 else float("nan")
        order = pr.assign(full=[known[k] for k in pr.state]).sort_values("full", ascending=False)
        best3 = set(order.state[:3])
        lost = [k for k in pr.state[pr.reward.isna()] if k in best3]
        print(f"pruning: {len(fin)} finished and {len(pr) - len(fin)} pruned candidates; Spearman of the finished ones' rewards "
              f"with their unpruned rewards {rho:.3f}; among the pruned search's states, the 3 best in full are "
              f"{sorted(best3)}, of which pruned: {lost or 'none'}; pruned states' full rewards "
              f"{sorted(round(known[k], 4) for k in pr.state[pr.reward.isna()])}, finished ones' median {fin.reward.median():.4f}")
    return runs


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="quick"); ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--steps", type=int, default=32); ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--parallel", action="store_true"); ap.add_argument("--search", action="store_true")
    a = ap.parse_args()
    from kdnas.run import parse_state
    from kdnas.core import bf16_supported
    mk = build_proxy(a.preset, a.max_length, a.steps, a.threads)
    enc = mk.train_outputs.enc
    pad = 1 - enc["attention_mask"].sum().item() / (enc["attention_mask"].shape[0] * a.max_length)
    print(f"preset {a.preset}: {len(mk.train_outputs)} proxy and {len(mk.heldout_outputs)} held-out paragraphs at {a.max_length} tokens "
          f"({100 * pad:.0f}% padding if padded to {a.max_length}), {mk.steps} steps of {mk.config.batch_size}, "
          f"{a.threads} threads, bf16 fast here: {bf16_supported()}, load average {os.getloadavg()[0]:.1f}")
    print(f"compact vocabulary: {len(mk.vocab):,} of {mk.teacher.config.vocab_size:,} ids")
    summary = {}
    for key in STUDENTS:
        st = parse_state(key)
        print(f"\n{key}")
        res = [("(a) plain loop", min((plain_loop(mk, st) for _ in range(a.repeats)), key=lambda r: r[0]))]
        for name, ev, fused in variants(mk):
            res.append((name, min((timed(ev, st, fused) for _ in range(a.repeats)), key=lambda r: r[0])))
        plain = res[0][1][0]
        for name, (sec, loss) in res:
            print(f"  {name:28s} {sec:7.2f} s/candidate  x{plain / sec:4.2f} vs plain  held-out L_HS {loss:.4f}")
        summary[key] = (plain, res[1][1][0], res[-1][1][0])
    print("\nsummary (s/candidate): plain -> kdnas before -> kdnas now")
    for k, (p, b, n) in summary.items(): print(f"  {k:26s} {p:6.2f} -> {b:6.2f} -> {n:6.2f}   now x{p / n:.2f} vs plain, x{b / n:.2f} vs before")
    if a.parallel:
        states = STUDENTS[:2] * 2
        t0 = time.time()
        for st in states:
            name, ev, fused = variants(mk)[-1]; timed(ev, parse_state(st), fused)
        seq = time.time() - t0
        with mp.get_context("spawn").Pool(2) as pool:
            t0 = time.time(); pool.map(_worker, [(a.preset, a.max_length, a.steps, states[i::2]) for i in range(2)]); par = time.time() - t0
        print(f"\n{len(states)} candidates: one at a time on {a.threads} threads {seq:.1f} s; two processes x 1 thread {par:.1f} s "
              f"(including each process's teacher outputs); {'parallel' if par < seq else 'one at a time'} is faster")
    if a.search: search_pair(a.preset)
