"""Does sentence-similarity agreement with the teacher separate distilled students from undistilled ones?

For each fully distilled student folder given (written by `kdnas distil` from a sentence-transformers teacher), print
the Spearman correlation of its pair cosine similarities with the teacher's, next to that of the same shape with
random weights (the floor), on MRPC validation (408 pairs) and on kdnas's pairs (`kdnas.deploy.sentence_pairs`).

    python benchmarks/similarity_floor.py runs/quick/students/*/ [--teacher PATH_OR_HUB_ID] [--data offline]
"""
import argparse, tempfile
from pathlib import Path
from kdnas.models import load_teacher, make_student
from kdnas.run import parse_state
from kdnas.glue import load_glue
from kdnas.deploy import (save_sentence_student, similarity_agreement, pair_similarities, load_sentence_student,
                          sentence_pairs, PAIRS)
from kdnas.xtremedistil import save_student

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("students", nargs="+"); ap.add_argument("--teacher", default=None); ap.add_argument("--data", default="offline")
a = ap.parse_args()
t = load_teacher(a.teacher)
mrpc = load_glue("mrpc", "validation", a.data)
sets = {"MRPC validation (408 pairs)": list(zip(mrpc["sentence1"], mrpc["sentence2"])),
        f"{PAIRS} (1,000 seeded pairs)": sentence_pairs(a.data)}
sims = {k: pair_similarities(load_sentence_student(t.path), p) for k, p in sets.items()}
print("| student | " + " | ".join(f"{k}: undistilled -> distilled" for k in sets) + " |")
print("|---|" + "---|" * len(sets))
for f in a.students:
    f = Path(f); key = f.name
    raw = Path(tempfile.mkdtemp()) / key
    save_student(make_student(t.config, parse_state(key)), t.tokenizer, raw); save_sentence_student(raw, t.path)
    cells = [f"{similarity_agreement(raw, t.path, p, sims[k])['similarity_spearman']:.3f} -> "
             f"{similarity_agreement(f, t.path, p, sims[k])['similarity_spearman']:.3f}" for k, p in sets.items()]
    print(f"| {key} | " + " | ".join(cells) + " |")
