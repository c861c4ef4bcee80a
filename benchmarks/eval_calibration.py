"""Calibration of v2's other columns (CoNLL-2003, XNLI) at quick scale: the teacher against an undistilled student.

A CoNLL-2003 F1 or an XNLI accuracy can rank students only where the teacher clears a student that learned nothing
(same shape as a KD-NAS pick, random weights) by a clear margin. This script fine-tunes the offline teacher
(all-MiniLM-L6-v2), the undistilled twin of a pick and, optionally, distilled students (`--students`) under each
candidate setting, on the real rows of ../shared/data (`kdnas eval --data shared:`), and writes one row per
(task, setting, model, seed, column) to `--out/runs.csv` as it goes (a rerun skips what is there), then
`--out/calibration.csv`: per task and setting, the teacher's and the floor's mean score, their gap and whether it
clears `--margin` points.

    python benchmarks/eval_calibration.py --out benchmarks/data/eval_calibration \
        --students runs/quick/students/6L-2A-384H-384I-silu
"""
import argparse, dataclasses, tempfile, time
from pathlib import Path
import pandas as pd, torch
from transformers.utils import logging as hf_logging
from kdnas.evaluation import finetune_eval
from kdnas.models import load_teacher, make_student
from kdnas.settings import load_settings
from kdnas.space import State

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--out", default="benchmarks/data/eval_calibration")
ap.add_argument("--tasks", nargs="+", default=["conll2003", "xnli"])
ap.add_argument("--student", default="6L-2A-384H-384I-silu", help="the undistilled student (the floor): quick's top pick")
ap.add_argument("--students", nargs="*", default=[], help="distilled student folders, scored too")
ap.add_argument("--seeds", type=int, nargs="+", default=[0])
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--preset", default="quick", help="the preset whose eval section gives each task's first setting")
ap.add_argument("--settings", nargs="+", default=None, help="run only these settings, by name (e.g. 4000x2ep-lr0.0001-64tok; default: all of GRID)")
ap.add_argument("--models", nargs="+", default=None, help="run only these rows: teacher, undistilled, distilled")
ap.add_argument("--margin", type=float, default=10.0, help="points the teacher must clear the floor by")
a = ap.parse_args()
torch.set_num_threads(a.threads); hf_logging.set_verbosity_error(); hf_logging.disable_progress_bar()

ev = load_settings(a.preset).eval
label = lambda hp: f"{hp.max_train_samples}x{hp.epochs:g}ep-lr{hp.lr:g}-{hp.max_length}tok"   # a setting's name: its recipe
EXTRA = {"xnli": [dataclasses.replace(ev.xnli, max_train_samples=1500, lr=5e-5)]}   # quick's first XNLI setting
GRID = {t: {label(hp): hp for hp in [getattr(ev, t), *EXTRA.get(t, [])]} for t in a.tasks}   # the preset's first
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
runs_csv = out / "runs.csv"
done = pd.read_csv(runs_csv) if runs_csv.exists() else pd.DataFrame(columns=["task", "setting", "model", "seed"])
have = {(r.task, r.setting, r.model, int(r.seed)) for r in done.itertuples()}

teacher = load_teacher(None)
floor_dir = Path(tempfile.mkdtemp()) / a.student
make_student(teacher.config, State.from_key(a.student), seed=0).save_pretrained(floor_dir)
teacher.tokenizer.save_pretrained(floor_dir)
MODELS = {"teacher": None, f"undistilled {a.student}": str(floor_dir),
          **{f"distilled {Path(s).name}": s for s in a.students}}

T0, rows = time.time(), done.to_dict("records")
for task in a.tasks:
    for setting, hp in GRID[task].items():
        if a.settings and setting not in a.settings: continue
        for name, path in MODELS.items():
            if a.models and name.split()[0] not in a.models: continue
            for seed in a.seeds:
                if (task, setting, name, seed) in have: continue
                t0 = time.time()
                res = finetune_eval(path, task, "shared:", hp, seed, progress=False)
                rows += [{"task": task, "setting": setting, "model": name, "seed": seed, "column": col,
                          "score": round(m["score"], 2), "train": m["train"], "split": m["split"],
                          "seconds": round(time.time() - t0, 1), **{k: v for k, v in dataclasses.asdict(hp).items()
                                                                     if v is not None}} for col, m in res.items()]
                pd.DataFrame(rows).to_csv(runs_csv, index=False)
                mean = sum(m["score"] for m in res.values()) / len(res)
                print(f"{task} {setting} {name} seed {seed}: {mean:.1f} ({time.time() - t0:.0f} s)", flush=True)

runs = pd.DataFrame(rows)
runs["group"] = runs.column.where(runs.task != "xnli", runs.column.map(lambda c: "en" if c == "en" else "non-en"))
per = runs.groupby(["task", "setting", "group", "model", "seed"]).score.mean().groupby(level=[0, 1, 2, 3]).mean().unstack("model")
floor = f"undistilled {a.student}"
per["gap"] = per["teacher"] - per[floor]
per["counts"] = per["gap"] >= a.margin
per.round(1).to_csv(out / "calibration.csv")
print(per.round(1).to_string())
print(f"{time.time() - T0:.0f} s")
