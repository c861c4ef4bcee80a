"""GLUE calibration at quick scale: the teacher against an undistilled student, per task and fine-tuning setting.

A GLUE score separates students only where the teacher clears the majority class (and an untrained student) by a
clear margin. This script fine-tunes the offline teacher (all-MiniLM-L6-v2) and an undistilled student of the
search space (same seeds, same rows) under each candidate setting and writes one row per (task, setting, model, seed)
to `--out/runs.csv` as it goes (a rerun skips the rows already there), then `--out/calibration.csv` and README.md.

    python benchmarks/glue_calibration.py --out benchmarks/data/glue_calibration
"""
import argparse, json, sys, tempfile, time
from pathlib import Path
import pandas as pd, torch
from transformers.utils import logging as hf_logging
from kdnas.glue import finetune_glue, glue_task, majority_class
from kdnas.models import load_teacher, make_student
from kdnas.settings import FinetuneConfig
from kdnas.space import State

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--out", default="benchmarks/data/glue_calibration")
ap.add_argument("--tasks", nargs="+", default=["sst2", "mrpc", "mnli"])
ap.add_argument("--student", default="4L-12A-384H-1536I-gelu", help="the undistilled student (the floor)")
ap.add_argument("--seeds", type=int, nargs="+", default=[0])
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--settings", nargs="+", default=None, help="run only these settings of each task (default: all of GRID)")
ap.add_argument("--margin", type=float, default=10.0, help="points the teacher must clear the floor by")
a = ap.parse_args()
torch.set_num_threads(a.threads); hf_logging.set_verbosity_error(); hf_logging.disable_progress_bar()

# candidate settings per task: the quick preset's first, then longer/gentler ones (v2 Table 5 / App. B as a guide)
QUICK = dict(max_train_samples=2000, max_eval_samples=500, epochs=1.0, lr=1e-4, max_length=64, warmup_ratio=0.0)
GRID = {
    "sst2": {"quick": QUICK,
             "4k-2ep-5e-5": dict(QUICK, max_train_samples=4000, epochs=2.0, lr=5e-5, warmup_ratio=0.1, max_eval_samples=None)},
    "mrpc": {"quick": QUICK,
             "all-3ep-5e-5-128": dict(QUICK, max_train_samples=None, epochs=3.0, lr=5e-5, max_length=128, warmup_ratio=0.1,
                                      max_eval_samples=None)},
    "mnli": {"quick": QUICK,
             "8k-1ep-5e-5-128": dict(QUICK, max_train_samples=8000, epochs=1.0, lr=5e-5, max_length=128, warmup_ratio=0.1)},
    "rte": {"quick": QUICK},
}
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
runs_csv = out / "runs.csv"
done = pd.read_csv(runs_csv) if runs_csv.exists() else pd.DataFrame(columns=["task", "setting", "model", "seed"])
key = lambda r: (r["task"], r["setting"], r["model"], int(r["seed"]))
have = {key(r) for _, r in done.iterrows()}

teacher = load_teacher(None)
tmp = Path(tempfile.mkdtemp())
floor_dir = tmp / a.student
m = make_student(teacher.config, State.from_key(a.student), seed=0)
m.save_pretrained(floor_dir); teacher.tokenizer.save_pretrained(floor_dir)
MODELS = {"teacher": None, f"{a.student} undistilled": str(floor_dir)}

T0 = time.time()
rows = done.to_dict("records")
for task in a.tasks:
    t = glue_task(task)
    for setting, hp in GRID[task].items():
        if a.settings and setting not in a.settings: continue
        for name, path in MODELS.items():
            for seed in a.seeds:
                if (task, setting, name, seed) in have: continue
                t0 = time.time()
                res = finetune_glue(path, task, "offline", FinetuneConfig(batch_size=32, group_by_length=True, **hp), seed=seed, progress=False)
                for col, metrics in res.items():
                    rows.append({"task": task, "column": col, "setting": setting, "model": name, "seed": seed,
                                 "score": 100 * metrics["score"], "seconds": round(time.time() - t0, 1),
                                 "hp": json.dumps({k: v for k, v in hp.items()})})
                    print(f"[{time.time() - T0:6.0f} s] {task} {setting} {name} seed {seed}: {col} {100 * metrics['score']:.1f} "
                          f"({time.time() - t0:.0f} s)", flush=True)
                pd.DataFrame(rows).to_csv(runs_csv, index=False)

runs = pd.DataFrame(rows)
cal = []
for (task, col, setting), g in runs.groupby(["task", "column", "setting"], sort=False):
    hp = json.loads(g.hp.iloc[0])
    floor = majority_class([task], "offline", hp.get("max_eval_samples"))[col]
    te = g[g.model == "teacher"].score; st = g[g.model != "teacher"].score
    if not len(te) or not len(st): continue
    cal.append({"task": task, "column": col, "setting": setting, "majority class": floor,
                "teacher": te.mean(), "undistilled": st.mean(), "teacher - majority": te.mean() - floor,
                "teacher - undistilled": te.mean() - st.mean(), "seconds (teacher)": g[g.model == "teacher"].seconds.mean(),
                "qualifies": bool(te.mean() - max(floor, st.mean()) >= a.margin)})
cal = pd.DataFrame(cal); cal.to_csv(out / "calibration.csv", index=False)
print(cal.round(1).to_string(index=False))
grid = "\n".join(f"- {t} / {s}: `{json.dumps(h)}`" for t in a.tasks for s, h in GRID[t].items())
(out / "README.md").write_text(
    f"# GLUE calibration at quick scale\n\nCommand: `python benchmarks/glue_calibration.py {' '.join(sys.argv[1:])}` "
    f"({torch.get_num_threads()} threads). Teacher: all-MiniLM-L6-v2; floor: {a.student}, random init (seed 0), "
    f"never distilled. Batch 32, length-grouped batches, offline data (`../shared/data/glue`; MNLI train: the 10% subset).\n\n"
    f"A setting qualifies when the teacher clears both the majority class and the undistilled student by "
    f"{a.margin:.0f} points.\n\n## Settings tried\n\n{grid}\n\n## Result\n\n{cal.to_markdown(index=False, floatfmt='.1f')}\n")
print("written", out)
