"""Committed notebook outputs that are current: execute notebooks as `nbdev-test` does and save their outputs, stamped
with each cell's source; check that every cell `nbdev-test` runs carries the stamp of its current source.

    python scripts/notebook_outputs.py run nbs/06_rewards.ipynb ...   # execute, save outputs, stamp (then nbdev-clean)
    python scripts/notebook_outputs.py run --all                       # every numbered notebook and the index
    python scripts/notebook_outputs.py check                           # exit 1 naming each stale or unrun cell

A cell's stamp is `metadata.executed`, the first 10 hex digits of the SHA-256 of its source when it last ran. Editing
a cell without running the notebook again leaves the old stamp, so `check` (tests/test_notebook_outputs.py) fails and
says which notebook to run. Cells `nbdev-test` skips (`#| eval: false`, the slow / hub / gpu flags) need no stamp.
Outputs keep stdout and rich results; stderr (progress bars, warnings) and execution counts are dropped.
"""
import argparse, hashlib, os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / "nbs"
KEY = "executed"

def stamp(source: str) -> str: return hashlib.sha256(source.encode()).hexdigest()[:10]

def notebooks(paths=None) -> list:
    "The notebooks named, or every numbered notebook in nbs/ and the index."
    if paths: return [Path(p).resolve() for p in paths]
    return sorted(NBS.glob("[0-9]*.ipynb")) + [NBS / "index.ipynb"]

def _flags() -> list:
    from nbdev.config import get_config
    f = get_config(NBS).tst_flags
    return f.split() if isinstance(f, str) else list(f or [])

def tested_ids(nb: Path) -> set:
    "Ids of the cells `nbdev-test` runs in `nb`."
    from nbdev.test import nb_test_cells
    return {c.id for c in nb_test_cells(nb, _flags())}

def run(nb: Path) -> bool:
    "Execute `nb` in nbs/ as nbdev-test does; on success save its outputs without stderr, each run cell stamped."
    import nbformat
    from nbdev.test import test_nb
    cwd = os.getcwd(); os.chdir(NBS)
    try: ok, secs = test_nb(nb, skip_flags=_flags(), save=True, basepath=ROOT)
    finally: os.chdir(cwd)
    if not ok: print(f"{nb.name}: failed; outputs not saved", file=sys.stderr); return False
    ran, doc = tested_ids(nb), nbformat.read(nb, as_version=4)
    for c in doc.cells:
        if c.cell_type != "code": continue
        c.execution_count = None
        c.outputs = [o for o in c.outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
        for o in c.outputs:
            if "execution_count" in o: o.execution_count = None
        for k in ("execution", "papermill"): c.metadata.pop(k, None)
        if c.id in ran: c.metadata[KEY] = stamp(c.source)
        else: c.metadata.pop(KEY, None)
    nbformat.write(doc, nb)
    print(f"{nb.name}: ran in {secs:.0f} s, {len(ran)} cells stamped")
    return True

def stale(nb: Path) -> list:
    "`(cell index, why)` for each cell `nbdev-test` runs whose stamp is missing or not its source's."
    import nbformat
    ran, out = tested_ids(nb), []
    for i, c in enumerate(nbformat.read(nb, as_version=4).cells):
        if c.cell_type != "code" or c.id not in ran: continue
        s = c.metadata.get(KEY)
        if s is None: out.append((i, "never run by scripts/notebook_outputs.py"))
        elif s != stamp(c.source): out.append((i, "edited since its outputs were made"))
    return out

def check(paths=None) -> int:
    bad = {nb.name: s for nb in notebooks(paths) if (s := stale(nb))}
    for name, cells in bad.items():
        print(f"{name}: {len(cells)} stale cell(s): " + "; ".join(f"cell {i} {why}" for i, why in cells[:5]))
    if bad: print(f"run: python scripts/notebook_outputs.py run {' '.join('nbs/' + n for n in bad)} && nbdev-clean")
    return 1 if bad else 0

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("command", choices=["run", "check"])
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--all", action="store_true", help="run: every numbered notebook and the index")
    a = p.parse_args(argv)
    if a.command == "check": return check(a.notebooks)
    if not a.notebooks and not a.all: p.error("name the notebooks to run, or --all")
    return 0 if all([run(nb) for nb in notebooks(a.notebooks)]) else 1

if __name__ == "__main__": sys.exit(main())
